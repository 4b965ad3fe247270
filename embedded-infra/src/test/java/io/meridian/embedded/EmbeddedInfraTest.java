package io.meridian.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedInfraTest {

    @Test
    void kafkaRoundTripsARecordAndSurvivesARestartOnTheSameData(@TempDir Path dir) throws Exception {
        int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            port = kafka.port();
            kafka.createTopics(1, "t1");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("t1", "k", "hello")).get();
            }
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), port);
             KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                 ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                 ConsumerConfig.GROUP_ID_CONFIG, "g1",
                 ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("t1"));
            String value = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (value == null && System.nanoTime() < deadline) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) {
                    value = records.iterator().next().value();
                }
            }
            assertEquals("hello", value, "the record written before the restart is still there");
        }
    }

    @Test
    void kafkaAcceptsCompressedBatches(@TempDir Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            kafka.createTopics(1, "compressed");
            for (String codec : List.of("lz4", "zstd", "gzip", "snappy")) {
                try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.COMPRESSION_TYPE_CONFIG, codec,
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                    producer.send(new ProducerRecord<>("compressed", codec, "x".repeat(1000))).get();
                }
            }
        }
    }

    @Test
    void postgresCreatesADatabasePerServiceAndAnswersQueries() throws Exception {
        try (EmbeddedPostgresServer pg = EmbeddedPostgresServer.start(null, 0)) {
            String url = pg.createDatabase("meridian_test");
            assertEquals(url, pg.createDatabase("meridian_test"), "creating twice is harmless");
            try (Connection c = DriverManager.getConnection(url, pg.user(), pg.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_database(), version()")) {
                assertTrue(rs.next());
                assertEquals("meridian_test", rs.getString(1));
                assertTrue(rs.getString(2).startsWith("PostgreSQL 17"), rs.getString(2));
            }
        }
    }

    @Test
    void mqttBrokerAcceptsConnections() {
        try (EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(null, 0)) {
            assertTrue(FreePorts.inUse(broker.port()), "broker listens on " + broker.url());
        }
    }
}
