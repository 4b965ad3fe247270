package io.meridian.monitor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.PredictionMade;
import io.quarkus.test.junit.QuarkusTest;

/** PredictionMade events on the real topic become Prometheus metrics and per-version summaries. */
@QuarkusTest
class PredictionMonitoringTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void countsPredictionsAndScoresPerModelVersion() {
        Instant t0 = Instant.parse("2026-01-05T10:00:00Z");
        double[] v1Scores = {0.05, 0.15, 0.35, 0.55, 0.95};
        PredictionMade[] events = new PredictionMade[v1Scores.length + 2];
        for (int i = 0; i < v1Scores.length; i++) {
            events[i] = Events.prediction("churn", 1, v1Scores[i], t0.plusSeconds(i));
        }
        events[v1Scores.length] = Events.prediction("churn", 2, 0.8, t0.plusSeconds(60));
        events[v1Scores.length + 1] = Events.prediction("churn", 2, 0.6, t0.plusSeconds(30));
        Events.sendPredictions(events);

        Map<String, String> v1 = Map.of("model", "churn", "version", "1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(5.0, Metrics.value("meridian_monitor_predictions_total", v1));
            assertEquals(2.0, Metrics.value("meridian_monitor_predictions_total", Map.of("model", "churn",
                "version", "2")));
        });
        assertEquals(5.0, Metrics.value("meridian_monitor_prediction_score_count", v1));
        assertEquals(2.05, Metrics.value("meridian_monitor_prediction_score_sum", v1), 1e-9);
        assertEquals(2.0, Metrics.value("meridian_monitor_prediction_score_bucket", Map.of("model", "churn",
            "version", "1", "le", "0.2")), Metrics.lines("meridian_monitor_prediction_score_bucket"));
        assertEquals(4.0, Metrics.value("meridian_monitor_prediction_score_bucket", Map.of("model", "churn",
            "version", "1", "le", "0.6")));
        assertEquals(5.0, Metrics.value("meridian_monitor_prediction_score_bucket", Map.of("model", "churn",
            "version", "1", "le", "1.0")));

        given().when().get("/v1/models/churn/summary").then().statusCode(200)
            .body("model", equalTo("churn"))
            .body("versions.version", contains(1, 2))
            .body("versions[0].predictions", equalTo(5))
            .body("versions[0].meanScore", TestMatchers.near(0.41))
            .body("versions[0].lastPredictionAt", equalTo("2026-01-05T10:00:04Z"))
            .body("versions[1].predictions", equalTo(2))
            .body("versions[1].meanScore", TestMatchers.near(0.7))
            .body("versions[1].lastPredictionAt", equalTo("2026-01-05T10:01:00Z"));
    }

    @Test
    void skipsAndCountsGarbageAndKeepsCounting() {
        double unparsable = Metrics.value("meridian_monitor_events_skipped_total", Map.of("reason", "unparsable"));
        double wrongType = Metrics.value("meridian_monitor_events_skipped_total", Map.of("reason", "wrong_type"));
        double invalid = Metrics.value("meridian_monitor_events_skipped_total", Map.of("reason", "invalid"));

        Events.send("garbage", EventTypes.PREDICTION_MADE, "not protobuf".getBytes(StandardCharsets.UTF_8));
        Events.send("garbage", EventTypes.ALIAS_CHANGED, Events.prediction("garbage", 1, 0.5, Instant.now())
            .toByteArray());
        Events.send("garbage", null, Events.prediction("garbage", 1, 0.5, Instant.now()).toByteArray());
        Events.send("garbage", EventTypes.PREDICTION_MADE, Events.prediction("", 1, 0.5, Instant.now()).toByteArray());
        Events.sendPredictions(Events.prediction("garbage", 3, 0.25, Instant.now()),
            Events.prediction("garbage", 3, 0.75, Instant.now()));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertEquals(2.0,
            Metrics.value("meridian_monitor_predictions_total", Map.of("model", "garbage", "version", "3"))));
        assertEquals(unparsable + 1, Metrics.value("meridian_monitor_events_skipped_total",
            Map.of("reason", "unparsable")));
        assertEquals(wrongType + 2, Metrics.value("meridian_monitor_events_skipped_total",
            Map.of("reason", "wrong_type")));
        assertEquals(invalid + 1, Metrics.value("meridian_monitor_events_skipped_total", Map.of("reason", "invalid")));
        given().when().get("/v1/models/garbage/summary").then().statusCode(200)
            .body("versions.version", contains(3))
            .body("versions[0].predictions", equalTo(2))
            .body("versions[0].meanScore", TestMatchers.near(0.5));
    }

    @Test
    void countsRegressionAndMulticlassPredictionsOfOneGraphModels() {
        // what inference-service publishes for issue-4 models: regression = the value and no label,
        // multiclass = P(label) with the label
        Instant t0 = Instant.parse("2026-02-01T08:00:00Z");
        Events.sendPredictions(
            Events.prediction("housing", 1, 312_000.5, t0).toBuilder().clearLabel().build(),
            Events.prediction("housing", 1, 287_500.0, t0.plusSeconds(1)).toBuilder().clearLabel().build(),
            Events.prediction("segment", 4, 0.7, t0).toBuilder().setLabel("gold").build());

        Map<String, String> housing = Map.of("model", "housing", "version", "1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertEquals(2.0, Metrics.value("meridian_monitor_predictions_total", housing));
            assertEquals(1.0, Metrics.value("meridian_monitor_predictions_total", Map.of("model", "segment",
                "version", "4")));
        });
        assertEquals(599_500.5, Metrics.value("meridian_monitor_prediction_score_sum", housing), 1e-6);
        // the score buckets are probability buckets: regression values only land in +Inf
        assertEquals(0.0, Metrics.value("meridian_monitor_prediction_score_bucket", Map.of("model", "housing",
            "version", "1", "le", "1.0")));
        given().when().get("/v1/models/housing/summary").then().statusCode(200)
            .body("versions[0].predictions", equalTo(2))
            .body("versions[0].meanScore", TestMatchers.near(299_750.25));
    }

    @Test
    void unknownModelIsNotFound() {
        given().when().get("/v1/models/never-seen/summary").then().statusCode(404).contentType(PROBLEM)
            .body("status", equalTo(404))
            .body("detail", org.hamcrest.Matchers.containsString("never-seen"));
    }
}
