package io.meridian.ingest.source;

import static io.meridian.ingest.source.SourceTestSupport.await;
import static io.meridian.ingest.source.SourceTestSupport.awaitCounts;
import static io.meridian.ingest.source.SourceTestSupport.createDataset;
import static io.meridian.ingest.source.SourceTestSupport.createSource;
import static io.meridian.ingest.source.SourceTestSupport.delete;
import static io.meridian.ingest.source.SourceTestSupport.writer;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import io.meridian.testing.SharedInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

/** Kafka sources against the real embedded broker: JSON and CSV values, poison records, offsets after storing. */
@QuarkusTest
class KafkaSourceTest {
    private static void produce(String topic, String... values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            int i = 0;
            for (String v : values) {
                byte[] bytes = v.equals("<invalid-utf8>") ? new byte[] {(byte) 0xC3, (byte) 0x28}
                    : v.getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(topic, i++ % 2, null, bytes)).get();
            }
        }
    }

    private static long committed(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            SharedInfra.kafka().bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .collect(Collectors.summingLong(e -> e.getValue().offset()));
        }
    }

    @Test
    void consumesJsonValuesQuarantinesPoisonAndCommitsAfterStoring() throws Exception {
        String topic = "ext.orders.json";
        SharedInfra.kafka().createTopics(2, topic);
        createDataset("kafka_orders");
        produce(topic, "{\"order_id\":\"k1\",\"customer\":\"c1\",\"amount\":1.5,\"ts\":1700000000}",
            "{\"order_id\":\"k2\",\"customer\":\"c2\",\"amount\":2,\"ts\":1700000001}",
            "this is not json", "<invalid-utf8>",
            "{\"order_id\":\"k3\",\"customer\":\"c3\",\"amount\":\"NaN\",\"ts\":1700000002}",
            "{\"order_id\":\"k4\",\"customer\":\"c4\",\"amount\":4,\"ts\":1700000003}");
        try {
            createSource("""
                {"name":"orders-topic","dataset":"kafka_orders","type":"kafka",
                 "config":{"topics":["%s"],"bootstrapServers":"%s","format":"json","pollMs":200},
                 "mapping":{"updated_at":{"timestamp":"epochSeconds","path":"ts"},"channel":{"constant":"kafka"}}}"""
                .formatted(topic, SharedInfra.kafka().bootstrapServers()));
            JsonPath s = awaitCounts("orders-topic", 6, 3, 3);
            // offsets are committed only after the batch was stored or quarantined
            await().until(() -> committed("meridian-ingest-source-orders-topic", topic) == 6);
            assertEquals(6, s.getLong("position.offsets.'" + topic + "-0'") + s.getLong("position.offsets.'" + topic
                + "-1'"));

            // more records later: only the new ones are read
            produce(topic, "{\"order_id\":\"k5\",\"customer\":\"c5\",\"amount\":5,\"ts\":1700000004}");
            awaitCounts("orders-topic", 7, 4, 3);
            await().until(() -> committed("meridian-ingest-source-orders-topic", topic) == 7);

            given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("meridian_ingest_source_lag_records{dataset=\"kafka_orders\",source=\"orders-topic\"}"))
                .body(containsString("meridian_ingest_source_records_total{dataset=\"kafka_orders\",outcome=\"quarantined\",source=\"orders-topic\"} 3.0"));
        } finally {
            delete("orders-topic");
        }
    }

    @Test
    void consumesCsvLinesWithConfiguredColumnsAndResumesAfterPause() throws Exception {
        String topic = "ext.orders.csv";
        SharedInfra.kafka().createTopics(2, topic);
        createDataset("kafka_csv");
        produce(topic, "c1,o1,\"1,5\"", "c2,o2,2.5", "c3,o3", "c4,\"o4,4");
        try {
            createSource("""
                {"name":"orders-csv","dataset":"kafka_csv","type":"kafka",
                 "config":{"topics":"%s","bootstrapServers":"%s","format":"csv","columns":["customer","order_id","amount"],
                   "pollMs":200}}""".formatted(topic, SharedInfra.kafka().bootstrapServers()));
            // "1,5" is not a decimal; a row with 2 columns and one with unbalanced quotes are quarantined
            awaitCounts("orders-csv", 4, 1, 3);
            writer().when().post("/v1/sources/orders-csv/pause").then().statusCode(200)
                .body("status", equalTo("paused"));
            produce(topic, "c5,o5,5");
            writer().when().post("/v1/sources/orders-csv/resume").then().statusCode(200);
            awaitCounts("orders-csv", 5, 2, 3);
        } finally {
            delete("orders-csv");
        }
    }
}
