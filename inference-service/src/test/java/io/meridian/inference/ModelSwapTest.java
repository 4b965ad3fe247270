package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.google.protobuf.Timestamp;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.AliasChanged;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * The churn model's life: loaded at start-up as v1 (scores equal a hand computation of its pipeline), then hot-swapped to v2
 * by an AliasChanged event while predictions keep flowing, none of which may fail. Ordered: v1 before the swap.
 */
@QuarkusTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModelSwapTest {
    private static final Map<String, Object> FEATURES = Map.of("tenure_months", 7, "monthly_charges", 99.5,
        "support_calls", 4, "contract", "month-to-month", "payment_method", "check", "customer_segment", "b2c");

    @Test
    @Order(1)
    void servesVersionOneLoadedAtStartUpWithTheScoreOfAHandComputation() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/models/churn")
            .then().statusCode(200).body("version", equalTo(1)));
        TestPipeline.Expected expected = TestModels.CHURN_V1.expected(FEATURES);

        given().contentType(ContentType.JSON).body(Map.of("features", FEATURES))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(200)
            .body("modelName", equalTo("churn"))
            .body("modelVersion", equalTo(1))
            .body("score", TestSupport.near(expected.probabilities()[1]))
            .body("label", equalTo(expected.label()))
            .body("probabilities.yes", TestSupport.near(expected.probabilities()[1]))
            .body("probabilities.no", TestSupport.near(expected.probabilities()[0]))
            .body("ignoredFeatures", contains("customer_segment"))
            .body("predictionId", org.hamcrest.Matchers.matchesPattern("[0-9a-f-]{36}"));

        given().when().get("/v1/models/churn").then().statusCode(200)
            .body("modelName", equalTo("churn"))
            .body("task", equalTo("binary"))
            .body("format", equalTo("named-inputs"))
            .body("classes", contains("no", "yes"))
            .body("positiveClass", equalTo("yes"))
            .body("threshold", TestSupport.near(0.35))
            .body("inputs.name", contains("tenure_months", "monthly_charges", "support_calls", "contract",
                "payment_method"))
            .body("inputs.type", contains("float", "float", "float", "string", "string"))
            .body("inputs.find { it.name == 'payment_method' }.rejectUnseen", equalTo(true))
            .body("inputs.find { it.name == 'payment_method' }.levels", contains("card", "bank-transfer", "check"))
            .body("inputs.find { it.name == 'monthly_charges' }.optional", equalTo(true))
            .body("loadedAt", org.hamcrest.Matchers.notNullValue());
        assertEquals(1.0, TestSupport.metric("meridian_inference_model_version", Map.of("model", "churn")).orElseThrow());
    }

    @Test
    @Order(2)
    void aliasChangedSwapsToVersionTwoWithoutAFailedRequest() throws Exception {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/models/churn")
            .then().statusCode(200));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        Set<Integer> versionsSeen = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<?>> loops = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            loops.add(pool.submit(() -> {
                while (running.get()) {
                    Response r = given().contentType(ContentType.JSON).body(Map.of("features", FEATURES))
                        .when().post("/v1/models/churn/predict");
                    if (r.statusCode() != 200) {
                        failures.add(r.statusCode() + " " + r.asString());
                    } else {
                        versionsSeen.add(r.path("modelVersion"));
                        served.incrementAndGet();
                    }
                }
            }));
        }
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> served.get() >= 20);
            publishAliasChanged("churn", "production", 2, 1);

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/models/churn")
                .then().statusCode(200).body("version", equalTo(2)));
            int afterSwap = served.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> served.get() >= afterSwap + 20);
        } finally {
            running.set(false);
            for (Future<?> loop : loops) {
                loop.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
        }

        assertEquals(List.of(), failures, "requests failed during the swap");
        assertTrue(versionsSeen.contains(2), "no prediction was served by v2: " + versionsSeen);
        TestPipeline.Expected expected = TestModels.CHURN_V2.expected(FEATURES);
        given().contentType(ContentType.JSON).body(Map.of("features", FEATURES))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(200)
            .body("modelVersion", equalTo(2))
            .body("score", TestSupport.near(expected.probabilities()[1]))
            .body("label", equalTo(expected.label()));
        assertEquals(2.0, TestSupport.metric("meridian_inference_model_version", Map.of("model", "churn")).orElseThrow());
    }

    @Test
    @Order(3)
    void ignoresOtherAliasesKeepsServingOnABadVersionAndRollsBack() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/models/churn")
            .then().statusCode(200));
        int serving = given().when().get("/v1/models/churn").then().extract().path("version");
        double ignored = registryEvents("ignored");
        double failed = registryEvents("failed");

        publishAliasChanged("churn", "staging", 1, 0);
        publishAliasChanged("churn", "production", 99, serving);
        await().atMost(Duration.ofSeconds(30)).until(() -> registryEvents("ignored") >= ignored + 1
            && registryEvents("failed") >= failed + 1);
        given().when().get("/v1/models/churn").then().statusCode(200).body("version", equalTo(serving));

        int rollback = serving == 1 ? 2 : 1;
        publishAliasChanged("churn", "production", rollback, 99);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/v1/models/churn")
            .then().statusCode(200).body("version", equalTo(rollback)));
    }

    private static double registryEvents(String outcome) {
        return TestSupport.metric("meridian_inference_registry_events_total", Map.of("outcome", outcome)).orElse(0.0);
    }

    static void publishAliasChanged(String model, String alias, long version, long previous) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestSupport.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            AliasChanged event = AliasChanged.newBuilder().setModelName(model).setAlias(alias).setVersion(version)
                .setPreviousVersion(previous).setChangedBy("test")
                .setChangedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond())).build();
            ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.REGISTRY_EVENTS, model, event.toByteArray());
            record.headers()
                .add("ce_specversion", bytes("1.0"))
                .add("ce_id", bytes(UUID.randomUUID().toString()))
                .add("ce_type", bytes(EventTypes.ALIAS_CHANGED))
                .add("ce_source", bytes("/meridian/model-registry"))
                .add("ce_time", bytes(now.toString()));
            producer.send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish AliasChanged", e);
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
