package io.meridian.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;

import io.meridian.contracts.Topics;
import io.meridian.embedded.FreePorts;
import io.meridian.testing.SharedInfra;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Registry-specific test setup: a fresh artifact folder, the events topic, and a fixed free HTTP port
 * (known before start-up, so the {@code @GrpcClient}s of the tests can point at the app's own port).
 */
public class RegistryTestResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        SharedInfra.kafka().createTopics(3, Topics.REGISTRY_EVENTS);
        String port = Integer.toString(FreePorts.find());
        try {
            return Map.of(
                "quarkus.http.test-port", port,
                "meridian.registry.artifact-dir", Files.createTempDirectory("registry-artifacts").toString(),
                // a Quarkus gRPC client (grpc-java Netty channel) aimed at the app's HTTP port
                "quarkus.grpc.clients.registry-self.host", "127.0.0.1",
                "quarkus.grpc.clients.registry-self.port", port,
                // the same through the Vert.x-based Quarkus gRPC client
                "quarkus.grpc.clients.registry-vertx.host", "127.0.0.1",
                "quarkus.grpc.clients.registry-vertx.port", port,
                "quarkus.grpc.clients.registry-vertx.use-quarkus-grpc-client", "true");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        // the temporary folder is left for inspection; the OS cleans it up
    }
}
