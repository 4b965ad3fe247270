package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** Every error a caller of the one-graph models can hit, each a problem+json naming the field at fault. */
@QuarkusTest
class PredictErrorsTest {
    private static final String PROBLEM = "application/problem+json";

    private static Map<String, Object> churnRow() {
        Map<String, Object> features = new HashMap<>();
        features.put("tenure_months", 12);
        features.put("monthly_charges", 80.5);
        features.put("support_calls", 2);
        features.put("contract", "one-year");
        features.put("payment_method", "card");
        return features;
    }

    @Test
    void missingRequiredNumericFeatureIsABadRequestNamingTheField() {
        Map<String, Object> features = churnRow();
        features.remove("tenure_months");
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.tenure_months"))
            .body("detail", allOf(containsString("tenure_months"), containsString("required")));
    }

    @Test
    void nullRequiredNumericFeatureIsABadRequestNamingTheField() {
        Map<String, Object> features = churnRow();
        features.put("support_calls", null);
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("features.support_calls"));
    }

    @Test
    void stringInANumericFeatureIsABadRequestNamingTheField() {
        Map<String, Object> features = churnRow();
        features.put("tenure_months", "lots");
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.tenure_months"))
            .body("detail", allOf(containsString("number"), containsString("'lots'")));
    }

    @Test
    void unseenCategoryOfARejectingInputIsABadRequestNamingFeatureAndValue() {
        Map<String, Object> features = churnRow();
        features.put("payment_method", "bitcoin");
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.payment_method"))
            .body("detail", allOf(containsString("payment_method"), containsString("'bitcoin'"),
                containsString("'bank-transfer'")));
    }

    @Test
    void decimalInACategoricalFeatureIsABadRequest() {
        Map<String, Object> features = churnRow();
        features.put("contract", 1.5);
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/churn/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.contract"))
            .body("detail", containsString("categorical"));
    }

    @Test
    void unseenCategoryOfARegressionInputThatRejectsIsABadRequest() {
        given().contentType(ContentType.JSON)
            .body(Map.of("features", Map.of("sqft", 900, "city", "atlantis")))
            .when().post("/v1/models/housing/predict")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("features.city"))
            .body("detail", containsString("'atlantis'"));
    }

    @Test
    void bodyWithoutFeaturesIsABadRequest() {
        given().contentType(ContentType.JSON).body(Map.of("requestId", "r-1"))
            .when().post("/v1/models/churn/predict")
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
    void graphThatDoesNotMatchItsRegisteredInputsIsNeverServed() {
        // the registry says 'contract' is numeric, the graph takes a string: refused at load, never half-served
        given().contentType(ContentType.JSON).body(Map.of("features", churnRow()))
            .when().post("/v1/models/mismatched/predict")
            .then().statusCode(404).contentType(PROBLEM);
        given().when().get("/v1/models/mismatched").then().statusCode(404);
    }

    @Test
    void countsRequestsByModelVersionAndOutcome() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("sqft", 1000, "city", "lyon")))
            .when().post("/v1/models/housing/predict").then().statusCode(200);
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("city", "lyon")))
            .when().post("/v1/models/housing/predict").then().statusCode(400);
        assertTrue(TestSupport.metric("meridian_inference_requests_total",
            Map.of("model", "housing", "version", "1", "outcome", "ok")).orElse(0.0) >= 1);
        assertTrue(TestSupport.metric("meridian_inference_requests_total",
            Map.of("model", "housing", "version", "1", "outcome", "invalid_argument")).orElse(0.0) >= 1);
        assertTrue(TestSupport.metric("meridian_inference_request_seconds_count", Map.of("model", "housing"))
            .orElse(0.0) >= 1);
    }
}
