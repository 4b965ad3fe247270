package io.meridian.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.meridian.embedded.DevTokenIssuer;
import io.meridian.embedded.EmbeddedKafka;
import io.meridian.embedded.EmbeddedPostgresServer;
import io.meridian.embedded.FreePorts;
import io.meridian.launcher.ManagedProcess;
import io.meridian.launcher.Readiness;
import io.meridian.launcher.Service;

/**
 * Readiness follows the real dependencies of a packaged service: ingest-service (PostgreSQL + Kafka) started
 * while its Kafka broker does not exist yet is live but not ready, becomes ready when the broker appears on its
 * address, and stops being ready when its database goes away — without the process dying.
 */
class ReadinessIT {
    private static final Path ROOT = Path.of(System.getProperty("meridian.root", "..")).toAbsolutePath().normalize();
    private static final Duration WAIT = Duration.ofSeconds(120);

    private ManagedProcess service;
    private EmbeddedKafka kafka;
    private EmbeddedPostgresServer postgres;

    @Test
    void ingestServiceIsReadyOnlyWhileItsBrokerAndDatabaseAnswer() throws IOException {
        // under target/ so the service log stays for a post-mortem and `mvn clean` removes it
        Path home = Files.createTempDirectory(Files.createDirectories(Path.of("target")), "readiness-it");
        postgres = EmbeddedPostgresServer.start(null, 0);
        String jdbcUrl = postgres.createDatabase("meridian_ingest");
        int kafkaPort = FreePorts.find();
        int httpPort = FreePorts.find();

        service = ManagedProcess.start("ingest-service",
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                Service.INGEST.runJar(ROOT).toString()),
            Map.of("QUARKUS_HTTP_PORT", Integer.toString(httpPort),
                "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + kafkaPort,
                "QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl,
                "QUARKUS_DATASOURCE_USERNAME", postgres.user(),
                "QUARKUS_DATASOURCE_PASSWORD", postgres.password(),
                "MP_JWT_VERIFY_PUBLICKEY", DevTokenIssuer.generate().publicKeyBase64(),
                "MP_JWT_VERIFY_ISSUER", DevTokenIssuer.ISSUER),
            home, home.resolve("ingest-service.log"), false);
        String base = "http://127.0.0.1:" + httpPort;

        Readiness readiness = new Readiness();
        assertEquals(Readiness.Outcome.READY,
            readiness.await(URI.create(base + "/q/health/live"), WAIT, service::isAlive),
            () -> "ingest-service never became live:\n" + service.logTail(40));

        // no broker on the configured address: alive, not ready
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(base).when().get("/q/health/ready")
            .then().statusCode(503).body("status", equalTo("DOWN")));
        given().baseUri(base).when().get("/q/health/live").then().statusCode(200);

        // the broker appears where the service expects it: ready
        kafka = EmbeddedKafka.start(home.resolve("kafka"), kafkaPort);
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(base).when().get("/q/health/ready")
            .then().statusCode(200).body("status", equalTo("UP")));

        // the database goes away: not ready again, still alive
        postgres.close();
        postgres = null;
        await().atMost(WAIT).untilAsserted(() -> given().baseUri(base).when().get("/q/health/ready")
            .then().statusCode(503).body("status", equalTo("DOWN")));
        given().baseUri(base).when().get("/q/health/live").then().statusCode(200);
    }

    @AfterEach
    void stop() {
        if (service != null) {
            service.stop(ManagedProcess.GRACE);
        }
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }
}
