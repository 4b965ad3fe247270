package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PlatformEnvironmentTest {
    private static final InfraEndpoints INFRA = new InfraEndpoints(19092, 15432, 11883, "postgres");

    private static Map<String, String> env(Service service) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service s : Service.values()) {
            ports.put(s, 9000 + s.portOffset());
        }
        return Platform.serviceEnvironment(service, ports, INFRA, "PUBKEY",
            new Platform.TrainingTokens("REGISTRYTOKEN", "INGESTTOKEN"), Path.of("/h/data"), "churn");
    }

    @Test
    void everyServiceGetsPortBrokerJwtAndNeighbours() {
        for (Service service : Service.values()) {
            Map<String, String> env = env(service);
            assertEquals(Integer.toString(9000 + service.portOffset()), env.get("QUARKUS_HTTP_PORT"));
            assertEquals("127.0.0.1:19092", env.get("KAFKA_BOOTSTRAP_SERVERS"));
            assertEquals("PUBKEY", env.get("MP_JWT_VERIFY_PUBLICKEY"));
            assertEquals("https://meridian.local/dev", env.get("MP_JWT_VERIFY_ISSUER"));
            assertEquals("9000", env.get("QUARKUS_GRPC_CLIENTS_INGEST_PORT"));
            assertEquals("9001", env.get("QUARKUS_GRPC_CLIENTS_FEATURES_PORT"));
            assertEquals("9003", env.get("QUARKUS_GRPC_CLIENTS_REGISTRY_PORT"));
        }
    }

    @Test
    void databasesOnlyForServicesThatOwnOne() {
        assertEquals("jdbc:postgresql://127.0.0.1:15432/meridian_ingest", env(Service.INGEST).get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("jdbc:postgresql://127.0.0.1:15432/meridian_features", env(Service.FEATURES).get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("jdbc:postgresql://127.0.0.1:15432/meridian_training", env(Service.TRAINING).get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("jdbc:postgresql://127.0.0.1:15432/meridian_registry", env(Service.REGISTRY).get("QUARKUS_DATASOURCE_JDBC_URL"));
        assertEquals("postgres", env(Service.REGISTRY).get("QUARKUS_DATASOURCE_USERNAME"));
        assertFalse(env(Service.INFERENCE).containsKey("QUARKUS_DATASOURCE_JDBC_URL"));
        assertFalse(env(Service.MONITOR).containsKey("QUARKUS_DATASOURCE_JDBC_URL"));
    }

    @Test
    void serviceSpecificSettings() {
        assertEquals("REGISTRYTOKEN", env(Service.TRAINING).get("MERIDIAN_TRAINING_REGISTRY_TOKEN"));
        assertEquals("INGESTTOKEN", env(Service.TRAINING).get("MERIDIAN_TRAINING_INGEST_TOKEN"));
        assertTrue(Service.values().length == 6);
        for (Service other : new Service[] {Service.INGEST, Service.FEATURES, Service.REGISTRY, Service.INFERENCE,
            Service.MONITOR}) {
            assertFalse(env(other).containsKey("MERIDIAN_TRAINING_REGISTRY_TOKEN"), "only training holds the registry token");
            assertFalse(env(other).containsKey("MERIDIAN_TRAINING_INGEST_TOKEN"), "only training holds the ingest token");
        }
        assertEquals("/h/data/artifacts", env(Service.REGISTRY).get("MERIDIAN_REGISTRY_ARTIFACT_DIR"));
        assertEquals("churn", env(Service.INFERENCE).get("MERIDIAN_INFERENCE_MODELS"));
        assertEquals("/h/data/inference-cache", env(Service.INFERENCE).get("MERIDIAN_INFERENCE_CACHE_DIR"));
    }

    @Test
    void serviceNamesResolve() {
        assertEquals(Service.REGISTRY, Service.byName("model-registry"));
        assertEquals(Service.REGISTRY, Service.byName("registry"));
        assertEquals(Path.of("/r/ingest-service/target/quarkus-app/quarkus-run.jar"), Service.INGEST.runJar(Path.of("/r")));
    }
}
