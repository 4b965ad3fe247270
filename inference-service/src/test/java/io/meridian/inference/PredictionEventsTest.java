package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.PredictionMade;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Every served prediction is published as a PredictionMade event on the real topic. */
@QuarkusTest
class PredictionEventsTest {
    @Test
    void publishesPredictionMadeWithCloudEventsHeaders() throws Exception {
        String requestId = "req-" + UUID.randomUUID();
        JsonPath response = given().contentType(ContentType.JSON)
            .body(Map.of("features", Map.of("spend", 250.5, "region", "south", "ignored", 3), "requestId", requestId,
                "entityKey", "card-42"))
            .when().post("/v1/models/segment/predict")
            .then().statusCode(200).extract().jsonPath();
        ConsumerRecord<String, byte[]> record = published(response.getString("predictionId"));
        PredictionMade event = PredictionMade.parseFrom(record.value());
        assertEquals("segment", record.key());
        assertEquals(EventTypes.PREDICTION_MADE, header(record, "ce_type"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("/meridian/inference-service", header(record, "ce_source"));
        assertEquals(response.getString("predictionId"), header(record, "ce_id"));
        Instant.parse(header(record, "ce_time"));
        assertEquals("segment", event.getModelName());
        assertEquals(1, event.getModelVersion());
        assertEquals(response.getDouble("score"), event.getScore(), 1e-6);
        assertEquals(response.getString("label"), event.getLabel());
        assertFalse(event.getLabel().isEmpty());
        assertEquals(requestId, event.getRequestId());
        assertEquals("card-42", event.getEntityKey());
        assertEquals(250.5, event.getFeaturesOrThrow("spend").getDoubleValue());
        assertEquals("south", event.getFeaturesOrThrow("region").getStringValue());
        assertEquals(2, event.getFeaturesCount(), "only the inputs received are published: " + event.getFeaturesMap());
        assertTrue(event.getPredictedAt().getSeconds() > 0);
        assertTrue(event.getLatencyMicros() > 0);
    }

    @Test
    void regressionAndBatchPredictionsArePublishedOnePerRowWithoutLabel() throws Exception {
        JsonPath response = given().contentType(ContentType.JSON)
            .body(Map.of("rows", List.of(Map.of("features", Map.of("sqft", 1000, "city", "lyon"), "entityKey", "h-1"),
                Map.of("features", Map.of("sqft", 1800, "rooms", 5, "city", "paris"), "entityKey", "h-2")),
                "requestId", "batch-events"))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < 2; i++) {
            PredictionMade event = PredictionMade.parseFrom(
                published(response.getString("predictions[" + i + "].predictionId")).value());
            assertEquals("housing", event.getModelName());
            assertEquals(response.getDouble("predictions[" + i + "].score"), event.getScore(),
                Math.abs(event.getScore()) * 1e-6);
            assertEquals("", event.getLabel(), "a regression prediction has no label");
            assertEquals("batch-events", event.getRequestId());
            assertEquals("h-" + (i + 1), event.getEntityKey());
        }
    }

    /** Waits for the PredictionMade record with {@code predictionId} on the real topic. */
    private static ConsumerRecord<String, byte[]> published(String predictionId) {
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestSupport.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "prediction-events-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(Topics.INFERENCE_PREDICTIONS));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (PredictionMade.parseFrom(record.value()).getPredictionId().equals(predictionId)) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
        }

        return found.get();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
