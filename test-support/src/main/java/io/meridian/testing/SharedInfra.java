package io.meridian.testing;

import io.meridian.embedded.DevTokenIssuer;
import io.meridian.embedded.EmbeddedKafka;
import io.meridian.embedded.EmbeddedMqttBroker;
import io.meridian.embedded.EmbeddedPostgresServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real brokers and database of one test JVM, each started on first use on free ports and stopped
 * when the JVM exits. Every Quarkus application started in the JVM shares them, so a module's tests pay
 * the start-up cost once.
 */
public final class SharedInfra {
    private static EmbeddedKafka kafka;
    private static EmbeddedPostgresServer postgres;
    private static EmbeddedMqttBroker mqtt;
    private static DevTokenIssuer tokens;
    private static Path root;

    private SharedInfra() {
    }

    public static synchronized EmbeddedKafka kafka() {
        if (kafka == null) {
            kafka = EmbeddedKafka.start(root().resolve("kafka"), 0);
            // as in a real deployment, the platform's topics exist before any service produces to them
            kafka.createTopics(3, io.meridian.contracts.Topics.all().toArray(String[]::new));
            Runtime.getRuntime().addShutdownHook(new Thread(kafka::close, "stop-embedded-kafka"));
        }
        return kafka;
    }

    public static synchronized EmbeddedPostgresServer postgres() {
        if (postgres == null) {
            postgres = EmbeddedPostgresServer.start(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(postgres::close, "stop-embedded-postgres"));
        }
        return postgres;
    }

    public static synchronized EmbeddedMqttBroker mqtt() {
        if (mqtt == null) {
            mqtt = EmbeddedMqttBroker.start(null, 0);
            Runtime.getRuntime().addShutdownHook(new Thread(mqtt::close, "stop-embedded-mqtt"));
        }
        return mqtt;
    }

    /** The token issuer whose public key the applications under test trust. */
    public static synchronized DevTokenIssuer tokens() {
        if (tokens == null) {
            tokens = DevTokenIssuer.generate();
        }
        return tokens;
    }

    private static Path root() {
        if (root == null) {
            try {
                root = Files.createTempDirectory("meridian-test-infra");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return root;
    }
}
