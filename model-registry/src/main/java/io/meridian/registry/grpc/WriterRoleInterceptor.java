package io.meridian.registry.grpc;

import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.quarkus.grpc.GlobalInterceptor;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.spi.Prioritized;

/**
 * Enforces the {@link RolesAllowed} roles of {@link ModelRegistryGrpcService} methods before a call
 * reaches the service: the {@code authorization: Bearer <JWT>} metadata is verified with the
 * smallrye-jwt {@link JWTParser} (same {@code mp.jwt.verify.*} settings as REST). No or bad token:
 * UNAUTHENTICATED; valid token without the role: PERMISSION_DENIED.
 *
 * <p>Why not rely on Quarkus alone: with gRPC on the HTTP server, Quarkus authenticates the bearer token
 * and {@code @RolesAllowed} lets writers through, but rejections are wrong (3.32.1): a unary call without
 * a token fails with PERMISSION_DENIED instead of UNAUTHENTICATED, and a {@code @Blocking}
 * client-streaming call without a token is never answered (it hangs until the client's deadline).
 */
@GlobalInterceptor
@ApplicationScoped
public class WriterRoleInterceptor implements ServerInterceptor, Prioritized {
    private static final Logger LOG = Logger.getLogger(WriterRoleInterceptor.class);
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    private final JWTParser parser;
    /** Full gRPC method name -> roles any of which the caller needs. */
    private final Map<String, List<String>> required = new HashMap<>();

    public WriterRoleInterceptor(JWTParser parser) {
        this.parser = parser;
        String service = ModelRegistryServiceGrpc.SERVICE_NAME;
        for (Method m : ModelRegistryGrpcService.class.getDeclaredMethods()) {
            RolesAllowed roles = m.getAnnotation(RolesAllowed.class);
            if (roles != null) {
                String bare = Character.toUpperCase(m.getName().charAt(0)) + m.getName().substring(1);
                required.put(service + "/" + bare, List.of(roles.value()));
            }
        }
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
        ServerCallHandler<Q, R> next) {
        List<String> roles = required.get(call.getMethodDescriptor().getFullMethodName());
        if (roles == null) {
            return next.startCall(call, headers);
        }
        String header = headers.get(AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return reject(call, Status.UNAUTHENTICATED.withDescription(
                "This call needs a bearer token: send metadata 'authorization: Bearer <JWT>'."));
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(header.substring(7).trim());
        } catch (ParseException e) {
            LOG.debugf("gRPC token rejected for %s: %s", call.getMethodDescriptor().getFullMethodName(), e.getMessage());
            return reject(call, Status.UNAUTHENTICATED.withDescription("The bearer token is invalid or expired."));
        }
        if (roles.stream().noneMatch(jwt.getGroups()::contains)) {
            return reject(call, Status.PERMISSION_DENIED.withDescription("The token of '" + jwt.getSubject()
                + "' is valid but lacks the role " + roles + " this call needs."));
        }
        return next.startCall(call, headers);
    }

    private static <Q, R> ServerCall.Listener<Q> reject(ServerCall<Q, R> call, Status status) {
        call.close(status, new Metadata());
        return new ServerCall.Listener<>() { };
    }

    /** Runs before Quarkus' own GrpcSecurityInterceptor (priority Integer.MAX_VALUE - 100). */
    @Override
    public int getPriority() {
        return Integer.MAX_VALUE - 10;
    }
}
