package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Predictions with the lazily loaded fraud model, and every error a caller can hit. */
@QuarkusTest
class PredictErrorsTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void lazilyLoadsAModelOnItsFirstPredictionAndIgnoresUnknownFeatures() throws Exception {
        double expected = TestSupport.directScore(TestModels.FRAUD_V1, 310f, 1f);
        given().contentType(ContentType.JSON)
            .body(Map.of("features", Map.of("amount", 310, "foreign", true, "merchant", "acme", "extra", 1)))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(200)
            .body("modelVersion", equalTo(1))
            .body("score", TestSupport.near(expected))
            .body("label", equalTo(expected >= 0.5 ? "fraud" : "legit"))
            .body("probabilities.fraud", TestSupport.near(expected))
            .body("probabilities.legit", TestSupport.near(1 - expected));
        given().when().get("/v1/models/fraud").then().statusCode(200).body("version", equalTo(1));
    }

    @Test
    void booleansAreOneAndZero() throws Exception {
        double expected = TestSupport.directScore(TestModels.FRAUD_V1, 20f, 0f);
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 20.0, "foreign", false)))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(200).body("score", TestSupport.near(expected)).body("label", equalTo("legit"));
    }

    @Test
    void missingFeatureIsABadRequestNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 10)))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.foreign"))
            .body("detail", containsString("foreign"));
    }

    @Test
    void nullFeatureIsABadRequestNamingTheField() {
        Map<String, Object> features = new HashMap<>();
        features.put("amount", null);
        features.put("foreign", true);
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("features.amount"));
    }

    @Test
    void nonNumericFeatureIsABadRequestNamingTheField() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", "lots", "foreign", true)))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.amount"))
            .body("detail", containsString("number"));
    }

    @Test
    void bodyWithoutFeaturesIsABadRequest() {
        given().contentType(ContentType.JSON).body(Map.of("requestId", "r-1"))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("features"));
    }

    @Test
    void unknownModelIsNotFound() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 1)))
            .when().post("/v1/models/no-such-model/predict")
            .then().statusCode(404).contentType(PROBLEM).body("status", equalTo(404))
            .body("detail", containsString("no-such-model"));
        given().when().get("/v1/models/no-such-model").then().statusCode(404).contentType(PROBLEM);
        assertTrue(TestSupport.metric("meridian_inference_requests_total",
            Map.of("model", "unknown", "outcome", "not_found")).orElse(0.0) >= 1);
    }

    @Test
    void artifactWhoseChecksumDiffersFromTheRegistryIsNeverServed() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 1, "foreign", false)))
            .when().post("/v1/models/tampered/predict")
            .then().statusCode(404).contentType(PROBLEM);
        given().when().get("/v1/models/tampered").then().statusCode(404);
    }

    @Test
    void countsRequestsByModelVersionAndOutcome() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 5, "foreign", false)))
            .when().post("/v1/models/fraud/predict").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 5)))
            .when().post("/v1/models/fraud/predict").then().statusCode(400);
        assertTrue(TestSupport.metric("meridian_inference_requests_total",
            Map.of("model", "fraud", "version", "1", "outcome", "ok")).orElse(0.0) >= 1);
        assertTrue(TestSupport.metric("meridian_inference_requests_total",
            Map.of("model", "fraud", "version", "1", "outcome", "invalid_argument")).orElse(0.0) >= 1);
        assertTrue(TestSupport.metric("meridian_inference_request_seconds_count", Map.of("model", "fraud"))
            .orElse(0.0) >= 1);
    }
}
