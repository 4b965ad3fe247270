package io.meridian.ingest.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;
import io.grpc.StatusException;
import io.quarkus.grpc.auth.AuthExceptionHandler;
import io.quarkus.grpc.auth.AuthExceptionHandlerProvider;
import io.quarkus.security.AuthenticationException;
import io.quarkus.security.UnauthorizedException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

/**
 * gRPC security failures as the REST API reports them: no (valid) token is {@code UNAUTHENTICATED}, a token
 * without the needed role is {@code PERMISSION_DENIED}. (Quarkus' default maps an anonymous caller hitting
 * {@code @RolesAllowed} to PERMISSION_DENIED.) An enabled alternative, so that beans injecting the single
 * provider (the default gRPC exception handler) resolve to this one rather than see two.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class GrpcAuthErrors implements AuthExceptionHandlerProvider {
    private static final String UNAUTHENTICATED =
        "This call needs a valid bearer token (metadata authorization: Bearer <JWT>).";
    private static final String FORBIDDEN = "The token is valid but lacks the role this call needs (writer).";

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 10;
    }

    @Override
    public <ReqT, RespT> AuthExceptionHandler<ReqT, RespT> createHandler(ServerCall.Listener<ReqT> listener,
        ServerCall<ReqT, RespT> call, Metadata metadata) {
        return new AuthExceptionHandler<>(listener, call, metadata) {
            @Override
            protected void handleException(Throwable exception, ServerCall<ReqT, RespT> serverCall, Metadata md) {
                if (handlesException(exception)) {
                    serverCall.close(toStatus(exception), md);
                } else {
                    super.handleException(exception, serverCall, md);
                }
            }
        };
    }

    @Override
    public StatusException transformToStatusException(Throwable exception) {
        return new StatusException(toStatus(exception));
    }

    @Override
    public boolean handlesException(Throwable exception) {
        return exception instanceof AuthenticationException || exception instanceof SecurityException;
    }

    private static Status toStatus(Throwable exception) {
        if (exception instanceof AuthenticationException || exception instanceof UnauthorizedException) {
            return Status.UNAUTHENTICATED.withDescription(UNAUTHENTICATED);
        }
        return Status.PERMISSION_DENIED.withDescription(FORBIDDEN);
    }
}
