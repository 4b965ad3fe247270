package io.meridian.feature;

import static io.meridian.feature.IngestEvents.bool;
import static io.meridian.feature.IngestEvents.dbl;
import static io.meridian.feature.IngestEvents.event;
import static io.meridian.feature.IngestEvents.integer;
import static io.meridian.feature.IngestEvents.send;
import static io.meridian.feature.IngestEvents.str;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.RecordIngested;
import io.quarkus.test.junit.QuarkusTest;

/** RecordIngested events from the real broker end up in the offline and online stores, seen over REST. */
@QuarkusTest
class FeatureConsumptionTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @Test
    void consumedRecordsAreCountedPerDataset() {
        String dataset = "rest-churn";
        send(event(dataset, "run-1", 1, "c-1", T0, Map.of("tenure_months", integer(12), "plan", str("basic"))));
        send(event(dataset, "run-1", 2, "c-2", T0, Map.of("tenure_months", integer(3), "plan", str("pro"))));
        send(event(dataset, "run-2", 1, "c-1", T0.plusSeconds(60),
                Map.of("tenure_months", integer(13), "plan", str("basic"))));

        await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/datasets/{d}", dataset).then()
                .statusCode(200)
                .body("dataset", equalTo(dataset))
                .body("rows", equalTo(3))
                .body("entities", equalTo(2))
                .body("lastEventAt", equalTo("2025-03-01T10:01:00Z")));
    }

    @Test
    void entityReturnsTheLatestTypedValues() {
        String dataset = "rest-entity";
        send(event(dataset, "run-1", 1, "u-7", T0, Map.of("tenure_months", integer(5),
                "monthly_charges", dbl(80.5), "churned", bool(true), "plan", str("pro"))));

        await().atMost(WAIT).untilAsserted(() -> given().when()
                .get("/v1/datasets/{d}/entities/{k}", dataset, "u-7").then()
                .statusCode(200)
                .body("entityKey", equalTo("u-7"))
                .body("values.tenure_months", equalTo(5))
                .body("values.monthly_charges", equalTo(80.5f))
                .body("values.churned", equalTo(true))
                .body("values.plan", equalTo("pro"))
                .body("eventTime", equalTo("2025-03-01T10:00:00Z")));
    }

    @Test
    void anOlderEventDoesNotOverwriteTheOnlineRow() {
        String dataset = "rest-out-of-order";
        send(event(dataset, "run-2", 1, "k", T0.plusSeconds(3600), Map.of("v", integer(2))));
        send(event(dataset, "run-1", 1, "k", T0, Map.of("v", integer(1))));

        await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/datasets/{d}", dataset).then()
                .statusCode(200).body("rows", equalTo(2)));
        given().when().get("/v1/datasets/{d}/entities/{k}", dataset, "k").then()
                .statusCode(200)
                .body("values.v", equalTo(2))
                .body("eventTime", equalTo("2025-03-01T11:00:00Z"));
    }

    @Test
    void redeliveredEventIsStoredOnce() {
        String dataset = "rest-redelivery";
        RecordIngested first = event(dataset, "run-1", 1, "k", T0, Map.of("v", integer(1)));
        send(first);
        send(first);
        // same Kafka key, so same partition: once this one is visible the two copies before it were processed
        send(event(dataset, "run-1", 2, "k", T0, Map.of("v", integer(2))));

        await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/datasets/{d}/entities/{k}", dataset, "k")
                .then().statusCode(200).body("values.v", equalTo(2)));
        given().when().get("/v1/datasets/{d}", dataset).then()
                .statusCode(200)
                .body("rows", equalTo(2))
                .body("entities", equalTo(1));
    }

    @Test
    void garbageAndForeignEventsAreSkippedAndCounted() {
        String dataset = "rest-skips";
        double unparseable = skipped("unparseable");
        double unsupported = skipped("unsupported_type");
        String key = dataset + "/k";
        send(key, EventTypes.RECORD_INGESTED, "not a protobuf message".getBytes(StandardCharsets.UTF_8));
        send(key, EventTypes.MODEL_VERSION_CREATED,
                event(dataset, "run-x", 9, "k", T0, Map.of("v", integer(9))).toByteArray());
        send(event(dataset, "run-1", 1, "k", T0, Map.of("v", integer(1))));

        await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/datasets/{d}/entities/{k}", dataset, "k")
                .then().statusCode(200).body("values.v", equalTo(1)));
        given().when().get("/v1/datasets/{d}", dataset).then().statusCode(200).body("rows", equalTo(1));
        assertEquals(unparseable + 1, skipped("unparseable"));
        assertEquals(unsupported + 1, skipped("unsupported_type"));
        assertEquals(1.0, metric("meridian_feature_records_consumed_total", "dataset", dataset));
    }

    @Test
    void unknownDatasetIsProblem404() {
        given().when().get("/v1/datasets/{d}", "no-such-dataset").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", notNullValue());
    }

    @Test
    void unknownEntityIsProblem404() {
        given().when().get("/v1/datasets/{d}/entities/{k}", "no-such-dataset", "nobody").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private static double skipped(String reason) {
        return metric("meridian_feature_records_skipped_total", "reason", reason);
    }

    private static double metric(String name, String label, String value) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("^" + name + "\\{" + label + "=\"" + Pattern.quote(value) + "\"} (\\S+)$",
                Pattern.MULTILINE).matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }
}
