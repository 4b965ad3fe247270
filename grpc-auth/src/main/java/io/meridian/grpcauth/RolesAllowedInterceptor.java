package io.meridian.grpcauth;

import java.lang.reflect.Constructor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import io.grpc.BindableService;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.MutinyBean;
import io.quarkus.grpc.MutinyService;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.Prioritized;
import jakarta.enterprise.util.AnnotationLiteral;

/**
 * Enforces the {@link RolesAllowed} roles of every gRPC service of the application before a call reaches it:
 * the {@code authorization: Bearer <JWT>} metadata is verified with the smallrye-jwt {@link JWTParser} (the
 * same {@code mp.jwt.verify.*} settings as REST). No or bad token: UNAUTHENTICATED; valid token without any
 * of the roles: PERMISSION_DENIED. {@code @RolesAllowed("**")} means any valid token. Methods without
 * {@code @RolesAllowed} (on the method or its class, and not {@code @PermitAll}) pass untouched.
 *
 * <p>The method -> roles map is built once from all {@link BindableService} beans: {@code bindService()} gives
 * the gRPC service and method names, the annotations come from the implementation class (for a service written
 * against the Mutiny interface, the {@code @GrpcService} bean behind Quarkus' generated {@link MutinyBean}).
 *
 * <p>Why not rely on Quarkus alone: with gRPC on the HTTP server, Quarkus authenticates the bearer token and
 * {@code @RolesAllowed} lets writers through, but rejections are wrong (3.32.1): a call without a token fails
 * with PERMISSION_DENIED instead of UNAUTHENTICATED, and a {@code @Blocking} client-streaming call without a
 * token is never answered (it hangs until the client's deadline). Quarkus' own check still runs after this one.
 */
@GlobalInterceptor
@ApplicationScoped
public class RolesAllowedInterceptor implements ServerInterceptor, Prioritized {
    private static final Logger LOG = Logger.getLogger(RolesAllowedInterceptor.class);
    private static final Metadata.Key<String> AUTHORIZATION =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String ANY_AUTHENTICATED = "**";

    private final JWTParser parser;
    /** Full gRPC method name -> roles any of which the caller needs. */
    private final Map<String, List<String>> required;

    public RolesAllowedInterceptor(JWTParser parser, @Any Instance<BindableService> services,
        @Any Instance<MutinyService> mutinyServices) {
        this.parser = parser;
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (Instance.Handle<BindableService> handle : services.handles()) {
            BindableService service = handle.get();
            map.putAll(RoleRequirements.of(service.bindService(), annotatedClass(service, mutinyServices)));
            if (handle.getBean().getScope() == Dependent.class) {
                handle.destroy();
            }
        }
        this.required = Collections.unmodifiableMap(map);
        LOG.infof("gRPC role checks: %s", required);
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
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        if (!roles.contains(ANY_AUTHENTICATED) && roles.stream().noneMatch(groups::contains)) {
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

    /**
     * The class carrying the annotations: the service itself, or for Quarkus' generated Mutiny adapter
     * ({@code XxxServiceBean(@GrpcService XxxService delegate)}) the {@code @GrpcService} bean it delegates to.
     */
    private static Class<?> annotatedClass(BindableService service, Instance<MutinyService> mutinyServices) {
        Class<?> type = RoleRequirements.userClass(service.getClass());
        if (service instanceof MutinyBean) {
            for (Constructor<?> constructor : type.getDeclaredConstructors()) {
                for (Class<?> parameter : constructor.getParameterTypes()) {
                    if (parameter.isInterface() && MutinyService.class.isAssignableFrom(parameter)) {
                        Instance<? extends MutinyService> delegate =
                            mutinyServices.select(parameter.asSubclass(MutinyService.class), GrpcServiceLiteral.INSTANCE);
                        if (delegate.isResolvable()) {
                            return RoleRequirements.userClass(delegate.get().getClass());
                        }
                        LOG.warnf("gRPC role checks: no @GrpcService %s found behind %s; its @RolesAllowed "
                            + "annotations are not enforced here", parameter.getName(), type.getName());
                    }
                }
            }
        }
        return type;
    }

    /** {@code @GrpcService} as a value, to select the implementation bean behind a Mutiny adapter. */
    private static final class GrpcServiceLiteral extends AnnotationLiteral<GrpcService> implements GrpcService {
        static final GrpcServiceLiteral INSTANCE = new GrpcServiceLiteral();
    }
}
