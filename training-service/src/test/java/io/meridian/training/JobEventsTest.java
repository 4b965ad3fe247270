package io.meridian.training;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import io.meridian.contracts.Topics;
import io.meridian.events.v1.TrainingJobEvent;
import io.meridian.testing.SharedInfra;
import io.quarkus.test.junit.QuarkusTest;

/** Every state and progress change of a job is a TrainingJobEvent on the real broker, keyed by the job id. */
@QuarkusTest
class JobEventsTest {
    @Test
    void aJobPublishesItsLifeCycleInOrder() throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "job-events-test-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());

        String succeeded = TrainingJobResourceTest.submit("{\"dataset\":\"churn\",\"label\":\"churned\","
            + "\"validation\":{\"kind\":\"stratified-kfold\",\"folds\":3}}").then().statusCode(202)
            .extract().path("id");
        String failed = TrainingJobResourceTest.submit("{\"dataset\":\"nope\",\"label\":\"churned\"}").then()
            .statusCode(202).extract().path("id");
        TrainingJobResourceTest.awaitFinal(succeeded);
        TrainingJobResourceTest.awaitFinal(failed);

        List<TrainingJobEvent> ofSucceeded = new ArrayList<>();
        List<TrainingJobEvent> ofFailed = new ArrayList<>();
        List<String> types = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.subscribe(List.of(Topics.TRAINING_JOBS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    TrainingJobEvent event = TrainingJobEvent.parseFrom(record.value());
                    assertEquals(record.key(), event.getJobId());
                    if (record.key().equals(succeeded)) {
                        ofSucceeded.add(event);
                        types.add(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
                    } else if (record.key().equals(failed)) {
                        ofFailed.add(event);
                    }
                }
                return done(ofSucceeded) && done(ofFailed);
            });
        }
        assertEquals("QUEUED", ofSucceeded.get(0).getState());
        assertTrue(ofSucceeded.stream().anyMatch(e -> e.getState().equals("RUNNING")));
        TrainingJobEvent last = ofSucceeded.get(ofSucceeded.size() - 1);
        assertEquals("SUCCEEDED", last.getState());
        assertTrue(last.getModelVersion() >= 1);
        assertTrue(last.getMetricsMap().get("roc_auc") > 0.7);
        assertEquals("churn", last.getDataset());
        for (int i = 1; i < ofSucceeded.size(); i++) {
            assertTrue(ofSucceeded.get(i).getProgress() >= ofSucceeded.get(i - 1).getProgress(), "progress went back");
        }
        assertTrue(types.stream().allMatch("meridian.events.v1.TrainingJobEvent"::equals));
        TrainingJobEvent failure = ofFailed.get(ofFailed.size() - 1);
        assertEquals("FAILED", failure.getState());
        assertTrue(failure.getFailureReason().contains("dataset 'nope' not found"), failure.getFailureReason());
    }

    private static boolean done(List<TrainingJobEvent> events) {
        return !events.isEmpty() && List.of("SUCCEEDED", "FAILED", "CANCELLED")
            .contains(events.get(events.size() - 1).getState());
    }
}
