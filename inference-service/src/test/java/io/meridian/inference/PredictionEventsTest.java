package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
            .body(Map.of("features", Map.of("amount", 250.5, "foreign", true, "ignored", 3), "requestId", requestId,
                "entityKey", "card-42"))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(200).extract().jsonPath();
        String predictionId = response.getString("predictionId");

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

        ConsumerRecord<String, byte[]> record = found.get();
        PredictionMade event = PredictionMade.parseFrom(record.value());
        assertEquals("fraud", record.key());
        assertEquals(EventTypes.PREDICTION_MADE, header(record, "ce_type"));
        assertEquals("1.0", header(record, "ce_specversion"));
        assertEquals("/meridian/inference-service", header(record, "ce_source"));
        assertEquals(predictionId, header(record, "ce_id"));
        Instant.parse(header(record, "ce_time"));
        assertEquals("fraud", event.getModelName());
        assertEquals(1, event.getModelVersion());
        assertEquals(response.getDouble("score"), event.getScore(), 1e-6);
        assertEquals(response.getString("label"), event.getLabel());
        assertEquals(requestId, event.getRequestId());
        assertEquals("card-42", event.getEntityKey());
        assertEquals(250.5, event.getFeaturesOrThrow("amount").getDoubleValue());
        assertTrue(event.getFeaturesOrThrow("foreign").getBoolValue());
        assertEquals(2, event.getFeaturesCount(), "only the model's inputs are published");
        assertTrue(event.getPredictedAt().getSeconds() > 0);
        assertTrue(event.getLatencyMicros() > 0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
