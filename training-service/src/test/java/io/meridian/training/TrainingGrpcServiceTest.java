package io.meridian.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.meridian.testing.TestTokens;
import io.meridian.training.v1.CancelJobRequest;
import io.meridian.training.v1.GetJobRequest;
import io.meridian.training.v1.Job;
import io.meridian.training.v1.JobSpec;
import io.meridian.training.v1.JobState;
import io.meridian.training.v1.SubmitJobRequest;
import io.meridian.training.v1.Threshold;
import io.meridian.training.v1.TrainingServiceGrpc;
import io.meridian.training.v1.Validation;
import io.meridian.training.v1.WatchJobRequest;
import io.meridian.training.v1.WatchJobResponse;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class TrainingGrpcServiceTest {
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    @TestHTTPResource("/")
    URL app;

    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress(app.getHost(), app.getPort()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private TrainingServiceGrpc.TrainingServiceBlockingStub stub(String token) {
        TrainingServiceGrpc.TrainingServiceBlockingStub stub = TrainingServiceGrpc.newBlockingStub(channel)
            .withDeadlineAfter(60, TimeUnit.SECONDS);
        if (token == null) {
            return stub;
        }
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, TestTokens.bearer(token));
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }

    private static SubmitJobRequest spec(String dataset) {
        return SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder().setDataset(dataset).setLabel("churned")
            .setModelName("churn-grpc").setSeed(7)
            .setValidation(Validation.newBuilder().setKind("stratified-kfold").setFolds(3))
            .setThreshold(Threshold.newBuilder().setObjective("max-f1"))).build();
    }

    @Test
    void watchStreamsEveryChangeUntilTheJobSucceeds() {
        FakeNeighbours fakes = FakeNeighbours.get();
        fakes.closeGate();
        List<Job> seen = new ArrayList<>();
        try {
            Job queued = stub(TestTokens.writer()).submitJob(spec("slow-churn")).getJob();
            assertEquals(JobState.JOB_STATE_QUEUED, queued.getState());
            assertEquals("slow-churn", queued.getSpec().getDataset());
            assertEquals("stratified-kfold", queued.getSpec().getValidation().getKind());
            assertEquals(3, queued.getSpec().getValidation().getFolds());
            assertEquals("max-f1", queued.getSpec().getThreshold().getObjective());

            Iterator<WatchJobResponse> watch = stub(null).watchJob(WatchJobRequest.newBuilder()
                .setId(queued.getId()).build());
            seen.add(watch.next().getJob());
            fakes.openGate();
            watch.forEachRemaining(r -> seen.add(r.getJob()));
        } finally {
            fakes.openGate();
        }
        Job last = seen.get(seen.size() - 1);
        assertEquals(JobState.JOB_STATE_SUCCEEDED, last.getState(), last.toString());
        assertEquals("churn-grpc", last.getModelName());
        assertTrue(last.getModelVersion() >= 1);
        assertTrue(last.getMetricsOrThrow("roc_auc") > 0.7);
        assertEquals("binary", last.getTask());
        assertEquals(List.of("false", "true"), last.getClassesList());
        assertEquals(3, last.getFoldsCount());
        assertTrue(last.getBaselineMap().containsKey("roc_auc"));
        assertTrue(last.getThreshold() > 0 && last.getThreshold() < 1);
        assertTrue(last.getImportanceCount() > 0);
        assertTrue(last.getResultJson().contains("\"confusionMatrix\""));
        assertTrue(seen.stream().anyMatch(j -> j.getState() == JobState.JOB_STATE_RUNNING));
        assertTrue(seen.size() >= 5, "expected a message per step, got " + seen.size());
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).getProgress() >= seen.get(i - 1).getProgress(), "progress went back");
        }
        assertFalse(seen.subList(0, seen.size() - 1).stream().anyMatch(j -> j.getState() == JobState.JOB_STATE_SUCCEEDED));

        Job fetched = stub(null).getJob(GetJobRequest.newBuilder().setId(last.getId()).build()).getJob();
        assertEquals(last.getModelVersion(), fetched.getModelVersion());
    }

    @Test
    void watchOfAFinishedJobSendsItOnceAndCompletes() {
        Job job = stub(TestTokens.writer()).submitJob(spec("empty")).getJob();
        List<WatchJobResponse> all = new ArrayList<>();
        stub(null).watchJob(WatchJobRequest.newBuilder().setId(job.getId()).build()).forEachRemaining(all::add);
        assertEquals(JobState.JOB_STATE_FAILED, all.get(all.size() - 1).getJob().getState());
        assertTrue(all.get(all.size() - 1).getJob().getFailureReason().contains("no rows"));
        StatusRuntimeException finished = assertThrows(StatusRuntimeException.class, () -> stub(TestTokens.writer())
            .cancelJob(CancelJobRequest.newBuilder().setId(job.getId()).build()));
        assertEquals(Status.Code.FAILED_PRECONDITION, finished.getStatus().getCode());
        List<WatchJobResponse> again = new ArrayList<>();
        stub(null).watchJob(WatchJobRequest.newBuilder().setId(job.getId()).build()).forEachRemaining(again::add);
        assertEquals(1, again.size());
    }

    @Test
    void cancelJobStopsARunningJob() {
        FakeNeighbours fakes = FakeNeighbours.get();
        fakes.closeGate();
        Job submitted;
        try {
            submitted = stub(TestTokens.writer()).submitJob(spec("slow-churn")).getJob();
            Iterator<WatchJobResponse> watch = stub(null).watchJob(WatchJobRequest.newBuilder()
                .setId(submitted.getId()).build());
            Job seen = watch.next().getJob();
            while (seen.getState() != JobState.JOB_STATE_RUNNING) {
                seen = watch.next().getJob();
            }
            StatusRuntimeException reader = assertThrows(StatusRuntimeException.class, () -> stub(TestTokens.reader())
                .cancelJob(CancelJobRequest.newBuilder().setId(submitted.getId()).build()));
            assertEquals(Status.Code.PERMISSION_DENIED, reader.getStatus().getCode());
            Job cancelling = stub(TestTokens.writer()).cancelJob(CancelJobRequest.newBuilder()
                .setId(submitted.getId()).build()).getJob();
            assertEquals(JobState.JOB_STATE_RUNNING, cancelling.getState());
            fakes.openGate();
            Job last = seen;
            while (watch.hasNext()) {
                last = watch.next().getJob();
            }
            assertEquals(JobState.JOB_STATE_CANCELLED, last.getState(), last.toString());
        } finally {
            fakes.openGate();
        }
    }

    @Test
    void invalidSpecIsInvalidArgument() {
        SubmitJobRequest bad = SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder().setDataset("churn")
            .setLabel("churned").setHoldoutFraction(1.0)).build();
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
            () -> stub(TestTokens.writer()).submitJob(bad));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("holdoutFraction"), e.getStatus().getDescription());

        StatusRuntimeException algorithm = assertThrows(StatusRuntimeException.class,
            () -> stub(TestTokens.writer()).submitJob(SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
                .setDataset("churn").setLabel("churned").setAlgorithm("svm")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, algorithm.getStatus().getCode());
        assertTrue(algorithm.getStatus().getDescription().startsWith("algorithm: "));

        StatusRuntimeException folds = assertThrows(StatusRuntimeException.class,
            () -> stub(TestTokens.writer()).submitJob(SubmitJobRequest.newBuilder().setSpec(JobSpec.newBuilder()
                .setDataset("churn").setLabel("churned").setValidation(Validation.newBuilder().setKind("kfold")
                    .setFolds(1))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, folds.getStatus().getCode());
        assertTrue(folds.getStatus().getDescription().startsWith("validation.folds: "),
            folds.getStatus().getDescription());
    }

    @Test
    void unknownJobIsNotFound() {
        StatusRuntimeException get = assertThrows(StatusRuntimeException.class,
            () -> stub(null).getJob(GetJobRequest.newBuilder().setId("3b241101-e2bb-4255-8caf-4136c566a962").build()));
        assertEquals(Status.Code.NOT_FOUND, get.getStatus().getCode());
        StatusRuntimeException watch = assertThrows(StatusRuntimeException.class,
            () -> stub(null).watchJob(WatchJobRequest.newBuilder().setId("nope").build()).next());
        assertEquals(Status.Code.NOT_FOUND, watch.getStatus().getCode());
    }

    @Test
    void submitNeedsAWriterToken() {
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class,
            () -> stub(null).submitJob(spec("churn")));
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
        StatusRuntimeException reader = assertThrows(StatusRuntimeException.class,
            () -> stub(TestTokens.reader()).submitJob(spec("churn")));
        assertEquals(Status.Code.PERMISSION_DENIED, reader.getStatus().getCode());
    }
}
