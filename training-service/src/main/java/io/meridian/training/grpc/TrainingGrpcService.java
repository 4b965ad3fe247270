package io.meridian.training.grpc;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.problem.ProblemException;
import io.meridian.training.model.Job;
import io.meridian.training.model.JobSpecRequest;
import io.meridian.training.service.JobService;
import io.meridian.training.service.JobStore;
import io.meridian.training.v1.GetJobRequest;
import io.meridian.training.v1.GetJobResponse;
import io.meridian.training.v1.JobSpec;
import io.meridian.training.v1.JobState;
import io.meridian.training.v1.SubmitJobRequest;
import io.meridian.training.v1.SubmitJobResponse;
import io.meridian.training.v1.TrainingService;
import io.meridian.training.v1.WatchJobRequest;
import io.meridian.training.v1.WatchJobResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;

/** gRPC TrainingService: the same jobs as the REST API; errors are Status codes with a human description. */
@GrpcService
public class TrainingGrpcService implements TrainingService {
    private final JobService jobs;

    public TrainingGrpcService(JobService jobs) {
        this.jobs = jobs;
    }

    @Override
    @Blocking
    @RolesAllowed("writer")
    public Uni<SubmitJobResponse> submitJob(SubmitJobRequest request) {
        try {
            JobSpec spec = request.getSpec();
            Map<String, Object> hyperparameters = new HashMap<>(spec.getHyperparametersMap());
            Job job = jobs.submit(new JobSpecRequest(spec.getDataset(), spec.getLabel(), spec.getAlgorithm(),
                spec.getModelName(), spec.getSeed(), spec.getHoldoutFraction(), hyperparameters));
            return Uni.createFrom().item(SubmitJobResponse.newBuilder().setJob(toProto(job)).build());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(toStatus(e));
        }
    }

    @Override
    @Blocking
    public Uni<GetJobResponse> getJob(GetJobRequest request) {
        try {
            return Uni.createFrom().item(GetJobResponse.newBuilder().setJob(toProto(jobs.get(request.getId())))
                .build());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(toStatus(e));
        }
    }

    @Override
    public Multi<WatchJobResponse> watchJob(WatchJobRequest request) {
        return Multi.createFrom().<Job>emitter(emitter -> {
            try {
                JobStore.Watch watch = jobs.watch(request.getId(), job -> {
                    emitter.emit(job);
                    if (job.state().isFinal()) {
                        emitter.complete();
                    }
                });
                emitter.onTermination(watch::close);
            } catch (ProblemException e) {
                emitter.fail(toStatus(e));
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
            .map(job -> WatchJobResponse.newBuilder().setJob(toProto(job)).build());
    }

    static StatusRuntimeException toStatus(ProblemException e) {
        Status status = switch (e.status()) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.ALREADY_EXISTS;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
        String field = e.field() == null ? "" : e.field() + ": ";
        return status.withDescription(field + e.getMessage()).asRuntimeException();
    }

    static io.meridian.training.v1.Job toProto(Job job) {
        io.meridian.training.v1.Job.Builder out = io.meridian.training.v1.Job.newBuilder()
            .setId(job.id())
            .setSpec(JobSpec.newBuilder()
                .setDataset(job.spec().dataset())
                .setLabel(job.spec().label())
                .setAlgorithm(job.spec().algorithm())
                .setModelName(job.spec().modelName())
                .setSeed(job.spec().seed())
                .setHoldoutFraction(job.spec().holdoutFraction())
                .putAllHyperparameters(job.spec().hyperparameters()))
            .setState(JobState.valueOf("JOB_STATE_" + job.state().name()))
            .setProgress(job.progress())
            .putAllMetrics(job.metrics())
            .setCreatedAt(timestamp(job.createdAt()))
            .setUpdatedAt(timestamp(job.updatedAt()));
        if (job.message() != null) {
            out.setMessage(job.message());
        }
        if (job.failureReason() != null) {
            out.setFailureReason(job.failureReason());
        }
        if (job.modelName() != null) {
            out.setModelName(job.modelName());
        }
        if (job.modelVersion() != null) {
            out.setModelVersion(job.modelVersion());
        }
        return out.build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
