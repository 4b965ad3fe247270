package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * Models in the foundation's packed format (tag input_name: one float input [N, F], probabilities [N, 2]) keep
 * serving, so versions registered before issue 4 can still be rolled back to.
 */
@QuarkusTest
class LegacyModelTest {

    @Test
    void lazilyLoadsAPackedModelAndScoresLikeADirectOnnxRun() throws Exception {
        double expected = TestSupport.directScore(TestModels.FRAUD_V1, 310f, 1f);
        given().contentType(ContentType.JSON)
            .body(Map.of("features", Map.of("amount", 310, "foreign", true, "merchant", "acme")))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(200)
            .body("modelVersion", equalTo(1))
            .body("score", TestSupport.near(expected))
            .body("label", equalTo(expected >= 0.5 ? "fraud" : "legit"))
            .body("probabilities.fraud", TestSupport.near(expected))
            .body("probabilities.legit", TestSupport.near(1 - expected))
            .body("ignoredFeatures", contains("merchant"));
        given().when().get("/v1/models/fraud").then().statusCode(200)
            .body("version", equalTo(1))
            .body("format", equalTo("packed-features"))
            .body("task", equalTo("binary"))
            .body("classes", contains("legit", "fraud"))
            .body("threshold", TestSupport.near(0.5));
    }

    @Test
    void booleansAreOneAndZero() throws Exception {
        double expected = TestSupport.directScore(TestModels.FRAUD_V1, 20f, 0f);
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 20.0, "foreign", false)))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(200).body("score", TestSupport.near(expected)).body("label", equalTo("legit"));
    }

    @Test
    void everyInputIsRequired() {
        given().contentType(ContentType.JSON).body(Map.of("features", Map.of("amount", 10)))
            .when().post("/v1/models/fraud/predict")
            .then().statusCode(400).contentType("application/problem+json")
            .body("field", equalTo("features.foreign"))
            .body("detail", containsString("foreign"));
    }

    @Test
    void batchesWorkToo() throws Exception {
        double first = TestSupport.directScore(TestModels.FRAUD_V1, 310f, 1f);
        double second = TestSupport.directScore(TestModels.FRAUD_V1, 15f, 0f);
        given().contentType(ContentType.JSON)
            .body(Map.of("rows", java.util.List.of(Map.of("features", Map.of("amount", 310, "foreign", true)),
                Map.of("features", Map.of("amount", 15, "foreign", false)))))
            .when().post("/v1/models/fraud/predict-batch")
            .then().statusCode(200)
            .body("predictions[0].score", TestSupport.near(first))
            .body("predictions[1].score", TestSupport.near(second));
    }
}
