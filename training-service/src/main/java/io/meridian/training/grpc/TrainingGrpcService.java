package io.meridian.training.grpc;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.problem.ProblemException;
import io.meridian.training.model.Job;
import io.meridian.training.service.JobService;
import io.meridian.training.service.JobStore;
import io.meridian.training.v1.CancelJobRequest;
import io.meridian.training.v1.CancelJobResponse;
import io.meridian.training.v1.GetJobRequest;
import io.meridian.training.v1.GetJobResponse;
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
    private final ObjectMapper json;

    public TrainingGrpcService(JobService jobs, ObjectMapper json) {
        this.jobs = jobs;
        this.json = json;
    }

    @Override
    @Blocking
    @RolesAllowed("writer")
    public Uni<SubmitJobResponse> submitJob(SubmitJobRequest request) {
        try {
            Job job = jobs.submit(GrpcSpecs.toJson(request.getSpec()));
            return Uni.createFrom().item(SubmitJobResponse.newBuilder().setJob(GrpcSpecs.toProto(job, json)).build());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(toStatus(e));
        }
    }

    @Override
    @Blocking
    public Uni<GetJobResponse> getJob(GetJobRequest request) {
        try {
            return Uni.createFrom().item(GetJobResponse.newBuilder()
                .setJob(GrpcSpecs.toProto(jobs.get(request.getId()), json)).build());
        } catch (ProblemException e) {
            return Uni.createFrom().failure(toStatus(e));
        }
    }

    @Override
    @Blocking
    @RolesAllowed("writer")
    public Uni<CancelJobResponse> cancelJob(CancelJobRequest request) {
        try {
            return Uni.createFrom().item(CancelJobResponse.newBuilder()
                .setJob(GrpcSpecs.toProto(jobs.cancel(request.getId()), json)).build());
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
            .map(job -> WatchJobResponse.newBuilder().setJob(GrpcSpecs.toProto(job, json)).build());
    }

    static StatusRuntimeException toStatus(ProblemException e) {
        Status status = switch (e.status()) {
            case 400 -> Status.INVALID_ARGUMENT;
            case 404 -> Status.NOT_FOUND;
            case 409 -> Status.FAILED_PRECONDITION;
            case 503 -> Status.UNAVAILABLE;
            default -> Status.INTERNAL;
        };
        String field = e.field() == null ? "" : e.field() + ": ";
        return status.withDescription(field + e.getMessage()).asRuntimeException();
    }
}
