package io.meridian.ingest.source;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.source.SourceTestSupport.await;
import static io.meridian.ingest.source.SourceTestSupport.awaitCounts;
import static io.meridian.ingest.source.SourceTestSupport.createDataset;
import static io.meridian.ingest.source.SourceTestSupport.createSource;
import static io.meridian.ingest.source.SourceTestSupport.delete;
import static io.meridian.ingest.source.SourceTestSupport.source;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;

import io.meridian.testing.SharedInfra;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;

/** MQTT source against the real embedded broker with a real publishing client (QoS 1). */
@QuarkusTest
class MqttSourceTest {
    @Inject
    DataSource dataSource;

    private static void publish(String topic, String payload) throws Exception {
        try (MqttClient client = new MqttClient(SharedInfra.mqtt().url(), "test-publisher-" + System.nanoTime(),
            new MemoryPersistence())) {
            MqttConnectOptions options = new MqttConnectOptions();
            options.setCleanSession(true);
            client.connect(options);
            client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), 1, false);
            client.disconnect();
        }
    }

    private List<String> devices(String dataset) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT record_values::json->>'device_id' FROM curated_record WHERE dataset = ? ORDER BY record_key")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    @Test
    void subscribesTakesTheDeviceFromTheTopicAndQuarantinesNonJson() throws Exception {
        createDataset("mqtt_telemetry");
        try {
            createSource("""
                {"name":"telemetry","dataset":"mqtt_telemetry","type":"mqtt",
                 "config":{"serverUri":"%s","topics":["devices/+/telemetry"],"batchSize":50,"batchMs":200},
                 "mapping":{"device_id":{"topicSegment":1},"order_id":"seq","customer":{"topicSegment":1},
                   "amount":"reading.value","updated_at":{"timestamp":"epochMillis","path":"ts"}}}"""
                .formatted(SharedInfra.mqtt().url()));
            await().until(() -> "running".equals(source("telemetry").getString("status")));
            // the subscription is in place once the connector connected; publish after it
            AtomicInteger published = new AtomicInteger();
            await().until(() -> {
                publish("devices/probe/telemetry", "{\"seq\":\"probe\",\"reading\":{\"value\":0},\"ts\":1}");
                published.incrementAndGet();
                return source("telemetry").getLong("recordsRead") >= 1;
            });
            // probes published before the subscription existed are gone; wait until the others are all read
            await().until(() -> {
                long read = source("telemetry").getLong("recordsRead");
                return read == source("telemetry").getLong("recordsStored") && read <= published.get();
            });
            long probes = source("telemetry").getLong("recordsRead");
            publish("devices/d1/telemetry", "{\"seq\":\"m1\",\"reading\":{\"value\":21.5},\"ts\":1700000000000}");
            publish("devices/d2/telemetry", "{\"seq\":\"m2\",\"reading\":{\"value\":19},\"ts\":1700000000001}");
            publish("devices/d1/telemetry", "temperature=21.7");
            publish("devices/d2/telemetry", "{\"seq\":\"m3\",\"reading\":{\"value\":\"hot\"},\"ts\":1700000000002}");
            publish("devices/d3/status", "{\"seq\":\"ignored\"}");
            JsonPath s = awaitCounts("telemetry", probes + 4, probes + 2, 2);
            assertEquals("devices/d2/telemetry", s.getString("position.lastTopic"));
            asReader().when().get("/v1/runs/" + s.getString("lastRunId")).then().statusCode(200)
                .body("source", equalTo("mqtt:telemetry"));
            List<String> devices = devices("mqtt_telemetry");
            assertTrue(devices.contains("d1") && devices.contains("d2"), devices.toString());
        } finally {
            delete("telemetry");
        }
    }

    private long count(String sql, String dataset) throws Exception {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Four publishers at once, each with 1000 QoS 1 messages in flight (the MQTT benchmark's window), all on the same
     * Moquette session event loop as the source's persistent session (the five client ids have the same
     * {@code String.hashCode}, from which Moquette picks the loop, whatever the number of loops). Moquette puts every
     * received PUBLISH on that loop's command queue and drops, unrouted and unacknowledged, what does not fit: with
     * its default {@code session_queue_size} (1024) this test stored 2466 of the 4000 (1535 "Session command queue 1
     * is full" warnings in its log). The embedded broker's queue must hold them all, and the source must store every
     * one (a curated row per sequence number).
     */
    @Test
    void aBurstFromFourPublishersOnTheSourcesBrokerLoopIsStoredInFull() throws Exception {
        String sourceId = "meridian-test-burstAaAaAa";
        List<String> publisherIds = List.of("meridian-test-burstAaAaBB", "meridian-test-burstAaBBAa",
            "meridian-test-burstBBAaAa", "meridian-test-burstBBBBBB");
        publisherIds.forEach(id -> assertEquals(sourceId.hashCode(), id.hashCode(), "same session event loop"));
        int perPublisher = 1000;
        int messages = perPublisher * publisherIds.size();
        createDataset("mqtt_burst");
        List<MqttAsyncClient> publishers = new ArrayList<>();
        try {
            // the service's default batchSize/batchMs: batches end when the broker's window is held
            createSource("""
                {"name":"telemetry-burst","dataset":"mqtt_burst","type":"mqtt",
                 "config":{"serverUri":"%s","topics":["burst/+/telemetry"],"clientId":"%s"},
                 "mapping":{"device_id":{"topicSegment":1},"order_id":"seq","customer":{"topicSegment":1},
                   "amount":"v"}}""".formatted(SharedInfra.mqtt().url(), sourceId));
            await().until(() -> {
                publish("burst/probe/telemetry", "{\"seq\":\"probe\",\"v\":0}");
                return source("telemetry-burst").getLong("recordsRead") >= 1;
            });
            for (String id : publisherIds) {
                MqttAsyncClient publisher = new MqttAsyncClient(SharedInfra.mqtt().url(), id, new MemoryPersistence());
                publishers.add(publisher);
                MqttConnectOptions options = new MqttConnectOptions();
                options.setCleanSession(true);
                options.setMaxInflight(perPublisher);
                publisher.connect(options).waitForCompletion(10_000);
            }
            List<CompletableFuture<Void>> sending = new ArrayList<>();
            for (int p = 0; p < publishers.size(); p++) {
                MqttAsyncClient publisher = publishers.get(p);
                int first = p * perPublisher;
                sending.add(CompletableFuture.runAsync(() -> {
                    try {
                        for (int i = first; i < first + perPublisher; i++) {
                            publisher.publish("burst/d" + (i % 20) + "/telemetry",
                                ("{\"seq\":\"b" + i + "\",\"v\":" + i + "}").getBytes(StandardCharsets.UTF_8), 1,
                                false);
                        }
                    } catch (MqttException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            CompletableFuture.allOf(sending.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            String stored = "SELECT count(*) FROM curated_record WHERE dataset = ? "
                + "AND record_values::json->>'order_id' LIKE 'b%'";
            // a dropped publish never comes: then this times out with the count stored
            await().atMost(Duration.ofMinutes(3)).untilAsserted(
                () -> assertEquals(messages, count(stored, "mqtt_burst"), "messages of the burst stored"));
            JsonPath s = source("telemetry-burst");
            assertEquals(s.getLong("recordsRead"), s.getLong("recordsStored") + s.getLong("recordsQuarantined")
                + s.getLong("recordsDeduplicated"));
            assertEquals(0, s.getLong("recordsQuarantined"));
        } finally {
            for (MqttAsyncClient publisher : publishers) {
                publisher.disconnectForcibly(1000, 1000);
                publisher.close();
            }
            delete("telemetry-burst");
        }
    }

    @Test
    void aMessagePublishedWhileTheSourceIsPausedIsDeliveredAfterResume() throws Exception {
        createDataset("mqtt_paused");
        try {
            createSource("""
                {"name":"telemetry-paused","dataset":"mqtt_paused","type":"mqtt",
                 "config":{"serverUri":"%s","topics":"sensors/#","batchMs":100,"clientId":"meridian-test-paused"},
                 "mapping":{"device_id":{"topicSegment":1},"order_id":"seq","customer":{"constant":"fleet"},
                   "amount":"v"}}""".formatted(SharedInfra.mqtt().url()));
            await().until(() -> {
                publish("sensors/s0", "{\"seq\":\"p0\",\"v\":0}");
                return source("telemetry-paused").getLong("recordsRead") >= 1;
            });
            SourceTestSupport.writer().when().post("/v1/sources/telemetry-paused/pause").then().statusCode(200);
            long before = source("telemetry-paused").getLong("recordsRead");
            // persistent session (cleanSession=false): the broker keeps QoS 1 messages for the paused subscriber
            publish("sensors/s1", "{\"seq\":\"p1\",\"v\":1}");
            SourceTestSupport.writer().when().post("/v1/sources/telemetry-paused/resume").then().statusCode(200);
            await().until(() -> devices("mqtt_paused").contains("s1"));
            JsonPath s = source("telemetry-paused");
            assertTrue(s.getLong("recordsRead") >= before + 1);
            assertEquals(s.getLong("recordsRead"), s.getLong("recordsStored") + s.getLong("recordsQuarantined")
                + s.getLong("recordsDeduplicated"));
        } finally {
            delete("telemetry-paused");
        }
    }
}
