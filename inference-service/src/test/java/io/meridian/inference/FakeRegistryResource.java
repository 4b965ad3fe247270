package io.meridian.inference;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts the {@link FakeRegistry} on a free port and points the registry gRPC client at it. */
public class FakeRegistryResource implements QuarkusTestResourceLifecycleManager {
    private FakeRegistry registry;

    @Override
    public Map<String, String> start() {
        registry = FakeRegistry.seeded();
        int port = registry.start();
        return Map.of(
            "quarkus.grpc.clients.registry.host", "localhost",
            "quarkus.grpc.clients.registry.port", Integer.toString(port),
            // in test mode the gRPC client uses test-port, not port
            "quarkus.grpc.clients.registry.test-port", Integer.toString(port));
    }

    @Override
    public void stop() {
        try {
            registry.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
