package io.meridian.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.meridian.contracts.Topics;
import io.meridian.embedded.EmbeddedKafka;
import io.meridian.embedded.EmbeddedMqttBroker;
import io.meridian.embedded.EmbeddedPostgresServer;
import io.meridian.embedded.FreePorts;

/**
 * The embedded infrastructure running in this JVM: Kafka (KRaft), PostgreSQL with one database per service,
 * and the MQTT broker. Closing it stops them in reverse order.
 */
public final class LocalInfra implements AutoCloseable {
    /** Partitions of every platform topic (consumer groups can run up to this many replicas). */
    public static final int PARTITIONS = 3;
    /** Topics created at start, so that consumers and idempotent producers never race auto-creation. */
    public static final List<String> TOPICS = Topics.all();

    private final List<AutoCloseable> started;
    private final InfraEndpoints endpoints;

    private LocalInfra(List<AutoCloseable> started, InfraEndpoints endpoints) {
        this.started = started;
        this.endpoints = endpoints;
    }

    /**
     * Starts everything under {@code dataDir}. A requested port that is busy falls back to a free one;
     * 0 means any free port.
     *
     * @param progress receives one short line per component started
     */
    public static LocalInfra start(Path dataDir, InfraPorts ports, Consumer<String> progress) {
        List<AutoCloseable> started = new ArrayList<>();
        try {
            EmbeddedPostgresServer postgres =
                EmbeddedPostgresServer.start(dataDir.resolve("postgres"), FreePorts.preferOrFind(ports.postgres()));
            started.add(postgres);
            for (Service service : Service.values()) {
                service.database().ifPresent(postgres::createDatabase);
            }
            progress.accept("PostgreSQL on port " + postgres.port() + " (databases "
                + String.join(", ", databases()) + ")");

            EmbeddedKafka kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), FreePorts.preferOrFind(ports.kafka()));
            started.add(kafka);
            kafka.createTopics(PARTITIONS, TOPICS.toArray(String[]::new));
            progress.accept("Kafka on " + kafka.bootstrapServers() + " (topics " + String.join(", ", TOPICS) + ")");

            EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(dataDir.resolve("mqtt"), FreePorts.preferOrFind(ports.mqtt()));
            started.add(mqtt);
            progress.accept("MQTT broker on " + mqtt.url());

            return new LocalInfra(started, new InfraEndpoints(kafka.port(), postgres.port(), mqtt.port(), postgres.user()));
        } catch (RuntimeException e) {
            closeAll(started);
            throw new PlatformException("infrastructure did not start: " + e.getMessage(), e);
        }
    }

    static List<String> databases() {
        List<String> names = new ArrayList<>();
        for (Service service : Service.values()) {
            service.database().ifPresent(names::add);
        }
        return names;
    }

    public InfraEndpoints endpoints() {
        return endpoints;
    }

    /** The password the services use; the embedded server trusts loopback connections. */
    public static String databasePassword() {
        return "postgres";
    }

    @Override
    public void close() {
        closeAll(started);
    }

    private static void closeAll(List<AutoCloseable> components) {
        for (int i = components.size() - 1; i >= 0; i--) {
            try {
                components.get(i).close();
            } catch (Exception e) {
                // keep stopping the rest; the caller is shutting down anyway
                java.util.logging.Logger.getLogger(LocalInfra.class.getName())
                    .warning("could not stop " + components.get(i).getClass().getSimpleName() + ": " + e);
            }
        }
        components.clear();
    }

    /** Preferred infrastructure ports; 0 means any free port. */
    public record InfraPorts(int kafka, int postgres, int mqtt) {
        /** The conventional ports: Kafka 9092, PostgreSQL 5432, MQTT 1883. */
        public static InfraPorts defaults() {
            return new InfraPorts(9092, 5432, 1883);
        }

        /** Any free ports (tests, side-by-side instances). */
        public static InfraPorts anyFree() {
            return new InfraPorts(0, 0, 0);
        }
    }
}
