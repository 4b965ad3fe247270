package io.meridian.grpcauth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerServiceDefinition;
import io.quarkus.arc.Subclass;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;

class RoleRequirementsTest {
    /** Written like a service implementation: some methods protected, some open. */
    static class Registry {
        @RolesAllowed("writer")
        public void createModelVersion() {
        }

        public void getModelVersion() {
        }

        @RolesAllowed({"writer", "admin"})
        public void setAliasNow() {
        }

        @RolesAllowed("writer")
        public void notAnRpc() {
        }
    }

    /** What ArC generates for an intercepted bean: a subclass overriding the methods without annotations. */
    static class RegistrySubclass extends Registry implements Subclass {
        @Override
        public void createModelVersion() {
            super.createModelVersion();
        }
    }

    /** Roles on the class, one method opened again. */
    @RolesAllowed("admin")
    static class Admin {
        public void purge() {
        }

        @PermitAll
        public void ping() {
        }
    }

    @Test
    void methodAnnotationsGiveTheRolesOfTheirRpcs() {
        Map<String, List<String>> roles = RoleRequirements.of(
            definition("meridian.registry.v1.Registry", "CreateModelVersion", "GetModelVersion", "Set_Alias_Now",
                "Unimplemented"), Registry.class);
        assertEquals(Map.of(
            "meridian.registry.v1.Registry/CreateModelVersion", List.of("writer"),
            "meridian.registry.v1.Registry/Set_Alias_Now", List.of("writer", "admin")), roles);
    }

    @Test
    void interceptionSubclassesAreLookedThrough() {
        Map<String, List<String>> roles = RoleRequirements.of(
            definition("meridian.registry.v1.Registry", "CreateModelVersion", "GetModelVersion"),
            RegistrySubclass.class);
        assertEquals(Map.of("meridian.registry.v1.Registry/CreateModelVersion", List.of("writer")), roles);
    }

    @Test
    void classRolesApplyUnlessTheMethodIsPermitAll() {
        Map<String, List<String>> roles = RoleRequirements.of(definition("admin.Admin", "Purge", "Ping"), Admin.class);
        assertEquals(Map.of("admin.Admin/Purge", List.of("admin")), roles);
    }

    @Test
    void rpcNamesBecomeLowerCamelJavaNames() {
        assertEquals("createModelVersion", RoleRequirements.javaName("CreateModelVersion"));
        assertEquals("getThingV2", RoleRequirements.javaName("get_thing_v2"));
        assertEquals("setAlias", RoleRequirements.javaName("Set_Alias"));
    }

    private static ServerServiceDefinition definition(String service, String... methods) {
        ServerServiceDefinition.Builder builder = ServerServiceDefinition.builder(service);
        for (String method : methods) {
            MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.<byte[], byte[]>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, method))
                .setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
            builder.addMethod(descriptor, (call, headers) -> new ServerCall.Listener<>() { });
        }
        return builder.build();
    }

    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
