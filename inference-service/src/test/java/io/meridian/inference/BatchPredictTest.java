package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Several rows in one request: one ONNX Runtime run, answers in row order, all or nothing on bad input. */
@QuarkusTest
class BatchPredictTest {
    private static final String PROBLEM = "application/problem+json";

    @Test
    void scoresEveryRowInOrderLikeTheHandComputation() {
        List<Map<String, Object>> features = List.of(
            Map.of("sqft", 1500, "rooms", 4, "city", "paris"),
            Map.of("sqft", 800, "city", "nantes"),
            Map.of("sqft", 2300, "rooms", 6, "city", "lyon", "garden", true));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < features.size(); i++) {
            rows.add(Map.of("features", features.get(i), "entityKey", "house-" + i));
        }
        JsonPath response = given().contentType(ContentType.JSON)
            .body(Map.of("rows", rows, "requestId", "batch-1"))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(200)
            .body("modelName", equalTo("housing"))
            .body("modelVersion", equalTo(1))
            .body("predictions", hasSize(3))
            .body("predictions[2].ignoredFeatures", org.hamcrest.Matchers.contains("garden"))
            .extract().jsonPath();
        for (int i = 0; i < features.size(); i++) {
            double expected = TestModels.HOUSING_V1.expected(features.get(i)).value();
            assertEquals(expected, response.getDouble("predictions[" + i + "].score"), Math.abs(expected) * 1e-6);
        }
        assertNotEquals(response.getString("predictions[0].predictionId"),
            response.getString("predictions[1].predictionId"));
    }

    @Test
    void classifierBatchReturnsLabelsAndProbabilities() {
        List<Map<String, Object>> features = List.of(Map.of("spend", 40, "region", "north"),
            Map.of("spend", 1400, "visits", 12, "region", "west"));
        JsonPath response = given().contentType(ContentType.JSON)
            .body(Map.of("rows", features.stream().map(f -> Map.of("features", f)).toList()))
            .when().post("/v1/models/segment/predict-batch")
            .then().statusCode(200).extract().jsonPath();
        for (int i = 0; i < features.size(); i++) {
            TestPipeline.Expected expected = TestModels.SEGMENT_V1.expected(features.get(i));
            assertEquals(expected.label(), response.getString("predictions[" + i + "].label"));
            assertEquals(expected.probabilities()[1], response.getDouble("predictions[" + i + "].probabilities.silver"),
                1e-6);
        }
    }

    @Test
    void oneBadRowRejectsTheBatchNamingRowAndFeature() {
        List<Map<String, Object>> rows = List.of(Map.of("features", Map.of("sqft", 900, "city", "lyon")),
            Map.of("features", Map.of("sqft", 900, "city", "atlantis")));
        given().contentType(ContentType.JSON).body(Map.of("rows", rows))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("rows[1].features.city"))
            .body("detail", containsString("'atlantis'"));

        Map<String, Object> noFeatures = new HashMap<>();
        noFeatures.put("entityKey", "x");
        given().contentType(ContentType.JSON).body(Map.of("rows", List.of(rows.get(0), noFeatures)))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("rows[1].features"));
    }

    @Test
    void emptyMissingOrOversizedBatchIsABadRequest() {
        given().contentType(ContentType.JSON).body(Map.of("rows", List.of()))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("rows"));
        given().contentType(ContentType.JSON).body(Map.of("requestId", "r"))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("rows"));
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 51; i++) { // %test max-batch-rows = 50
            tooMany.add(Map.of("features", Map.of("sqft", 900 + i, "city", "lyon")));
        }
        given().contentType(ContentType.JSON).body(Map.of("rows", tooMany))
            .when().post("/v1/models/housing/predict-batch")
            .then().statusCode(400).contentType(PROBLEM).body("field", equalTo("rows"))
            .body("detail", containsString("at most 50"));
    }
}
