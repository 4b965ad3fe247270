package io.meridian.training;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Points the application's ingest-service, feature-service and model-registry clients at {@link FakeNeighbours}. */
public class FakeNeighboursResource implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        FakeNeighbours fakes = FakeNeighbours.start();
        // in the test profile Quarkus gRPC clients use test-port, so both are set
        return Map.of(
            "quarkus.grpc.clients.ingest.host", "localhost",
            "quarkus.grpc.clients.ingest.port", Integer.toString(fakes.ingestPort()),
            "quarkus.grpc.clients.ingest.test-port", Integer.toString(fakes.ingestPort()),
            "quarkus.grpc.clients.features.host", "localhost",
            "quarkus.grpc.clients.features.port", Integer.toString(fakes.featuresPort()),
            "quarkus.grpc.clients.features.test-port", Integer.toString(fakes.featuresPort()),
            "quarkus.grpc.clients.registry.host", "localhost",
            "quarkus.grpc.clients.registry.port", Integer.toString(fakes.registryPort()),
            "quarkus.grpc.clients.registry.test-port", Integer.toString(fakes.registryPort()));
    }

    @Override
    public void stop() {
        // shared by every application in the test JVM; stopped at JVM exit
    }
}
