package io.meridian.inference;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/**
 * One-graph models (one ONNX input per raw feature) over REST: binary, multiclass and regression answers equal a
 * hand computation of the pipeline; optional numeric inputs are imputed by the graph; categories outside the
 * levels of a non-rejecting input are encoded as zeros.
 */
@QuarkusTest
class NamedInputsPredictTest {

    @Test
    void binaryScoreIsThePositiveProbabilityAndTheLabelAppliesTheStoredThreshold() {
        // P(yes) = 0.444 under v1: "yes" with v1's stored threshold 0.35 (a 0.5 cut would say "no")
        Map<String, Object> features = Map.of("tenure_months", 20, "monthly_charges", 70, "support_calls", 1,
            "contract", "one-year", "payment_method", "check");
        JsonPath response = predict("churn", features);
        TestPipeline.Expected expected = churn(response).expected(features);
        assertEquals(expected.probabilities()[1], response.getDouble("score"), 1e-6);
        assertEquals(expected.probabilities()[0], response.getDouble("probabilities.no"), 1e-6);
        assertEquals(expected.label(), response.getString("label"));
        if (response.getLong("modelVersion") == 1) {
            assertTrue(expected.probabilities()[1] < 0.5 && expected.probabilities()[1] >= 0.35);
            assertEquals("yes", response.getString("label"));
        }
    }

    @Test
    void missingOptionalNumericIsImputedByTheGraph() {
        Map<String, Object> features = new HashMap<>(Map.of("tenure_months", 30, "support_calls", 2,
            "contract", "one-year", "payment_method", "bank-transfer"));
        JsonPath absent = predict("churn", features);
        features.put("monthly_charges", null);
        JsonPath nullValue = predict("churn", features);
        features.put("monthly_charges", 70); // the fill value of the fixture's imputer
        JsonPath filled = predict("churn", features);

        features.remove("monthly_charges");
        double expected = churn(absent).expected(features).probabilities()[1];
        assertEquals(expected, absent.getDouble("score"), 1e-6);
        assertEquals(absent.getDouble("score"), nullValue.getDouble("score"), 1e-7);
        assertEquals(absent.getDouble("score"), filled.getDouble("score"), 1e-7);
    }

    @Test
    void categoryOutsideTheLevelsOfANonRejectingInputIsEncodedAsZeros() {
        Map<String, Object> features = new HashMap<>(Map.of("tenure_months", 5, "support_calls", 3,
            "monthly_charges", 95, "payment_method", "card"));
        JsonPath missing = predict("churn", features);
        features.put("contract", "ten-year");
        JsonPath unseen = predict("churn", features);
        features.put("contract", "");
        JsonPath empty = predict("churn", features);

        features.remove("contract");
        assertEquals(churn(missing).expected(features).probabilities()[1], missing.getDouble("score"), 1e-6);
        assertEquals(missing.getDouble("score"), unseen.getDouble("score"), 1e-7);
        assertEquals(missing.getDouble("score"), empty.getDouble("score"), 1e-7);
    }

    @Test
    void multiclassReturnsTheArgMaxLabelAndItsProbabilityAsScore() {
        Map<String, Object> features = Map.of("spend", 1400, "visits", 12, "region", "west");
        TestPipeline.Expected expected = TestModels.SEGMENT_V1.expected(features);
        assertEquals("gold", expected.label(), "fixture: a big spender is gold");
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/segment/predict")
            .then().statusCode(200)
            .body("modelVersion", equalTo(1))
            .body("label", equalTo("gold"))
            .body("score", TestSupport.near(expected.probabilities()[2]))
            .body("probabilities.bronze", TestSupport.near(expected.probabilities()[0]))
            .body("probabilities.silver", TestSupport.near(expected.probabilities()[1]))
            .body("probabilities.gold", TestSupport.near(expected.probabilities()[2]));

        Map<String, Object> small = Map.of("spend", 40, "region", "north");
        assertEquals("bronze", TestModels.SEGMENT_V1.expected(small).label());
        given().contentType(ContentType.JSON).body(Map.of("features", small))
            .when().post("/v1/models/segment/predict")
            .then().statusCode(200).body("label", equalTo("bronze"))
            .body("score", TestSupport.near(TestModels.SEGMENT_V1.expected(small).probabilities()[0]));

        given().when().get("/v1/models/segment").then().statusCode(200)
            .body("task", equalTo("multiclass"))
            .body("classes", contains("bronze", "silver", "gold"))
            .body("positiveClass", equalTo(null));
    }

    @Test
    void regressionScoresTheValueWithoutLabelOrProbabilities() {
        Map<String, Object> features = Map.of("sqft", 1500, "rooms", 4, "city", "paris");
        double expected = TestModels.HOUSING_V1.expected(features).value();
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/housing/predict")
            .then().statusCode(200)
            .body("modelName", equalTo("housing"))
            .body("score", TestSupport.near(expected, Math.abs(expected) * 1e-6))
            .body("$", not(hasKey("label")))
            .body("$", not(hasKey("probabilities")))
            .body("ignoredFeatures", empty());

        Map<String, Object> noRooms = Map.of("sqft", 800, "city", "nantes");
        double imputed = TestModels.HOUSING_V1.expected(noRooms).value();
        given().contentType(ContentType.JSON).body(Map.of("features", noRooms))
            .when().post("/v1/models/housing/predict")
            .then().statusCode(200).body("score", TestSupport.near(imputed, Math.abs(imputed) * 1e-6));

        given().when().get("/v1/models/housing").then().statusCode(200)
            .body("task", equalTo("regression"))
            .body("classes", empty())
            .body("inputs.find { it.name == 'city' }.rejectUnseen", equalTo(true));
    }

    @Test
    void featuresTheModelDoesNotUseAreIgnoredAndListed() {
        Map<String, Object> features = Map.of("sqft", 1000, "city", "lyon", "cityy", "lyon", "floor", 3);
        given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/housing/predict")
            .then().statusCode(200).body("ignoredFeatures", contains("cityy", "floor"));
    }

    @Test
    void intAndBooleanValuesOfACategoricalInputAreTheirText() {
        // an int given for a categorical input is its decimal text: "2" is no level of 'region', so all zeros
        Map<String, Object> asInt = Map.of("spend", 300, "region", 2);
        Map<String, Object> unknown = Map.of("spend", 300, "region", "2");
        assertEquals(predict("segment", unknown).getDouble("score"), predict("segment", asInt).getDouble("score"),
            1e-7);
    }

    private static JsonPath predict(String model, Map<String, Object> features) {
        return given().contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post("/v1/models/" + model + "/predict")
            .then().statusCode(200).body("ignoredFeatures", empty()).extract().jsonPath();
    }

    /** The churn pipeline of the version that answered (ModelSwapTest may have moved the alias to v2). */
    private static TestPipeline churn(JsonPath response) {
        return response.getLong("modelVersion") == 1 ? TestModels.CHURN_V1 : TestModels.CHURN_V2;
    }
}
