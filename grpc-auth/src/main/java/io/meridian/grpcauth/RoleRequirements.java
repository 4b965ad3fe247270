package io.meridian.grpcauth;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.quarkus.arc.ClientProxy;
import io.quarkus.arc.Subclass;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

/**
 * Reads the roles each gRPC method of a service needs from the {@link RolesAllowed} annotations of the
 * class that implements it: on the Java method (gRPC {@code CreateModelVersion} is Java {@code createModelVersion}),
 * else on the class that declares the method, unless the method is {@link PermitAll}.
 */
final class RoleRequirements {
    private RoleRequirements() {
    }

    /**
     * The roles of the protected methods of one service.
     *
     * @param service what {@code bindService()} returned: the gRPC service name and its methods
     * @param implementation the class with the annotations; ArC client proxies and intercepted subclasses
     *     are looked through
     * @return full gRPC method name ({@code pkg.Service/Method}) -> roles any one of which the caller needs;
     *     methods that need none are absent
     */
    static Map<String, List<String>> of(ServerServiceDefinition service, Class<?> implementation) {
        Class<?> declared = userClass(implementation);
        Map<String, List<String>> required = new LinkedHashMap<>();
        for (ServerMethodDefinition<?, ?> method : service.getMethods()) {
            String bare = method.getMethodDescriptor().getBareMethodName();
            Method java = find(declared, javaName(bare));
            if (java == null) {
                continue;
            }
            List<String> roles = roles(java);
            if (roles != null) {
                required.put(method.getMethodDescriptor().getFullMethodName(), roles);
            }
        }
        return required;
    }

    /** The class a CDI bean was written as: ArC's client proxies and interception subclasses extend it. */
    static Class<?> userClass(Class<?> type) {
        Class<?> c = type;
        while (c.getSuperclass() != null && (ClientProxy.class.isAssignableFrom(c) || Subclass.class.isAssignableFrom(c))) {
            c = c.getSuperclass();
        }
        return c;
    }

    /** The Java name grpc-java and Quarkus' Mutiny generator give an RPC: lower camel case, underscores dropped. */
    static String javaName(String rpc) {
        StringBuilder name = new StringBuilder(rpc.length());
        boolean upperNext = false;
        for (char c : rpc.toCharArray()) {
            if (c == '_') {
                upperNext = true;
            } else if (upperNext) {
                name.append(Character.toUpperCase(c));
                upperNext = false;
            } else {
                name.append(c);
            }
        }
        if (name.length() > 0) {
            name.setCharAt(0, Character.toLowerCase(name.charAt(0)));
        }
        return name.toString();
    }

    /**
     * The public method with this name in the most specific class declaring one (an override hides the
     * annotations of the method it overrides, as in Quarkus security); of several overloads, an annotated one.
     */
    private static Method find(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            List<Method> candidates = new ArrayList<>();
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && Modifier.isPublic(m.getModifiers()) && !m.isBridge() && !m.isSynthetic()) {
                    candidates.add(m);
                }
            }
            if (!candidates.isEmpty()) {
                return candidates.stream()
                    .filter(m -> m.isAnnotationPresent(RolesAllowed.class) || m.isAnnotationPresent(PermitAll.class))
                    .findFirst().orElse(candidates.get(0));
            }
        }
        return null;
    }

    private static List<String> roles(Method method) {
        if (method.isAnnotationPresent(PermitAll.class)) {
            return null;
        }
        RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
        if (roles == null) {
            roles = method.getDeclaringClass().getAnnotation(RolesAllowed.class);
        }
        return roles == null ? null : List.of(roles.value());
    }
}
