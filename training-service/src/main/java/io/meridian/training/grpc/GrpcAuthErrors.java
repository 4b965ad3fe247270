package io.meridian.training.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.quarkus.grpc.auth.AuthExceptionHandler;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * gRPC twin of the REST 401/403 rule: no (or an invalid) token is UNAUTHENTICATED, a valid token without the
 * role is PERMISSION_DENIED. (Quarkus' default answers PERMISSION_DENIED for an anonymous caller.)
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class GrpcAuthErrors implements AuthExceptionHandlerProvider {
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1;
    }

    @Override
    public <Q, R> AuthExceptionHandler<Q, R> createHandler(ServerCall.Listener<Q> listener, ServerCall<Q, R> call,
                                                           Metadata metadata) {
        return new AuthExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable error, ServerCall<Q, R> serverCall, Metadata trailers) {
                if (handlesException(error)) {
                    serverCall.close(status(error), trailers);
                } else {
                    super.handleException(error, serverCall, trailers);
                }
            }
        };
    }

    @Override
    public StatusException transformToStatusException(Throwable error) {
        return new StatusException(status(error));
    }

    @Override
    public boolean handlesException(Throwable error) {
        return error instanceof AuthenticationException || error instanceof SecurityException;
    }

    private static Status status(Throwable error) {
        if (error instanceof AuthenticationException || error instanceof UnauthorizedException) {
            return Status.UNAUTHENTICATED.withDescription("This call needs a valid bearer token "
                + "(authorization: Bearer <JWT>).");
        }
        if (error instanceof ForbiddenException) {
            return Status.PERMISSION_DENIED.withDescription("The token is valid but lacks the role this call needs.");
        }
        return Status.PERMISSION_DENIED.withDescription("Access denied.");
    }
}
