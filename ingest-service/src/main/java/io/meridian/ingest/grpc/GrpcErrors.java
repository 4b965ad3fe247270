package io.meridian.ingest.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.problem.ProblemException;

/** Maps domain errors to gRPC status codes with a human description. */
final class GrpcErrors {
    private GrpcErrors() {
    }

    static Throwable toStatus(Throwable error) {
        if (error instanceof StatusRuntimeException) {
            return error;
        }
        if (error instanceof ProblemException p) {
            Status status = switch (p.status()) {
                case 400, 422 -> Status.INVALID_ARGUMENT;
                case 404 -> Status.NOT_FOUND;
                case 409 -> Status.ABORTED;
                case 503 -> Status.UNAVAILABLE;
                default -> Status.INTERNAL;
            };
            String description = p.field() == null ? p.getMessage() : p.field() + ": " + p.getMessage();
            return status.withDescription(description).asRuntimeException();
        }
        return Status.INTERNAL.withDescription("The server could not complete the call; the error is logged.")
            .withCause(error).asRuntimeException();
    }

    static StatusRuntimeException invalid(String description) {
        return Status.INVALID_ARGUMENT.withDescription(description).asRuntimeException();
    }
}
