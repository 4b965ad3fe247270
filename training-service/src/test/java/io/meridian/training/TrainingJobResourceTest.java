package io.meridian.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.meridian.registry.v1.ModelInput;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

@QuarkusTest
class TrainingJobResourceTest {
    private static final String JOBS = "/v1/training-jobs";

    static Response submit(String body) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.writer()))
            .contentType(ContentType.JSON).body(body)
            .when().post(JOBS);
    }

    static JsonPath awaitFinal(String id) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
            () -> given().get(JOBS + "/" + id).then().statusCode(200).extract().jsonPath(),
            job -> List.of("SUCCEEDED", "FAILED").contains(job.getString("state")));
    }

    @Test
    void jobTrainsEvaluatesAndRegistersAnOnnxModel() throws Exception {
        FakeNeighbours fakes = FakeNeighbours.get();
        fakes.closeGate();
        String id;
        try {
            Response response = submit("""
                {"dataset":"slow-churn","label":"churned","algorithm":"logistic-regression","modelName":"churn",
                 "seed":42,"holdoutFraction":0.25,"hyperparameters":{"epochs":40,"learningRate":0.1}}""");
            response.then().statusCode(202)
                .header("Location", containsString(JOBS + "/"))
                .body("state", equalTo("QUEUED"))
                .body("progress", equalTo(0.0f))
                .body("spec.dataset", equalTo("slow-churn"))
                .body("spec.modelName", equalTo("churn"))
                .body("spec.holdoutFraction", equalTo(0.25f))
                .body("spec.hyperparameters.epochs", equalTo("40"))
                .body("spec.hyperparameters.l2", equalTo("0.0"))
                .body("createdAt", startsWith("20"));
            id = response.jsonPath().getString("id");
            assertTrue(response.header("Location").endsWith(id));
            // held at the feature read: RUNNING with the step as message
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> given().get(JOBS + "/" + id).then()
                .statusCode(200).body("state", equalTo("RUNNING"))
                .body("message", containsString("reading training set")));
        } finally {
            fakes.openGate();
        }

        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertEquals(1.0f, job.getFloat("progress"));
        assertEquals("churn", job.getString("modelName"));
        assertTrue(job.getLong("modelVersion") >= 1);
        assertTrue(job.getDouble("metrics.roc_auc") > 0.7, job.prettify());
        assertTrue(job.getDouble("metrics.accuracy") > 0.6, job.prettify());
        assertTrue(job.getDouble("metrics.onnx_parity_max_abs_diff") <= 1e-5, job.prettify());
        assertEquals(List.of("contract", "customer_id"), job.getList("ignoredFeatures"));
        assertEquals(null, job.getString("failureReason"));

        FakeNeighbours.Upload upload = fakes.uploadOfJob(id);
        assertNotNull(upload, "the registry received no upload for job " + id);
        assertEquals("Bearer " + FakeNeighbours.REGISTRY_TOKEN, upload.authorization());
        assertEquals(job.getLong("modelVersion"), upload.version());
        assertEquals("churn", upload.metadata().getModelName());
        assertEquals("onnx", upload.metadata().getFormat());
        assertEquals(List.of("monthly_charges", "paperless_billing", "support_calls", "tenure_months"),
            upload.metadata().getInputsList().stream().map(ModelInput::getName).toList());
        assertTrue(upload.metadata().getInputsList().stream().allMatch(i -> i.getType().equals("float")));
        assertEquals(List.of("probabilities"), upload.metadata().getOutputsList());
        Map<String, String> tags = upload.metadata().getTagsMap();
        assertEquals("logistic-regression", tags.get("algorithm"));
        assertEquals("slow-churn", tags.get("dataset"));
        assertEquals("churned", tags.get("label"));
        assertEquals("42", tags.get("seed"));
        assertEquals("true", tags.get("positive_class"));
        assertEquals("false", tags.get("negative_class"));
        assertEquals("false,true", tags.get("class_order"));
        // the tag names the output tensor inference-service reads P(positive) from
        assertEquals("probabilities", tags.get("output_probabilities"));
        assertEquals("binary-classification", tags.get("task"));
        assertEquals("contract,customer_id", tags.get("ignored_features"));
        assertEquals(Integer.toString(FakeNeighbours.CHURN_ROWS * 3 / 4), tags.get("training_rows"));
        assertEquals(job.getDouble("metrics.roc_auc"), upload.metadata().getMetricsOrThrow("roc_auc"), 1e-6);
        assertEquals(FakeNeighbours.sha256(upload.artifact()), upload.metadata().getExpectedSha256());
        assertEquals((upload.artifact().length + 65535) / 65536, upload.chunks());

        // the registered artifact runs in ONNX Runtime on raw feature values
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] rows = {{110f, 1f, 6f, 2f}, {25f, 0f, 0f, 70f}};
        try (OrtSession session = env.createSession(upload.artifact());
             OnnxTensor input = OnnxTensor.createTensor(env, rows);
             OrtSession.Result result = session.run(Map.of("features", input))) {
            float[][] probabilities = (float[][]) result.get("probabilities").orElseThrow().getValue();
            assertEquals(2, probabilities.length);
            assertEquals(2, probabilities[0].length);
            assertEquals(1.0, probabilities[0][0] + probabilities[0][1], 1e-5);
            assertTrue(probabilities[0][1] > 0.5, "high-risk customer should churn: " + probabilities[0][1]);
            assertTrue(probabilities[1][1] < 0.5, "loyal customer should stay: " + probabilities[1][1]);
        }

        given().get("/q/metrics").then().statusCode(200)
            .body(containsString("meridian_training_jobs_total{algorithm=\"logistic-regression\",outcome=\"succeeded\"}"))
            .body(containsString("meridian_training_job_duration_seconds_count{algorithm=\"logistic-regression\""));
    }

    @Test
    void modelNameDefaultsToTheDataset() {
        String id = submit("{\"dataset\":\"churn\",\"label\":\"churned\"}").then().statusCode(202)
            .body("spec.modelName", equalTo("churn")).body("spec.algorithm", equalTo("logistic-regression"))
            .body("spec.holdoutFraction", equalTo(0.2f)).body("spec.hyperparameters.epochs", equalTo("30"))
            .extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertEquals("churn", fakesUpload(id).metadata().getModelName());
    }

    private static FakeNeighbours.Upload fakesUpload(String id) {
        FakeNeighbours.Upload upload = FakeNeighbours.get().uploadOfJob(id);
        assertNotNull(upload);
        return upload;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"label\":\"churned\"}|dataset",
        "{\"dataset\":\"churn\"}|label",
        "{\"dataset\":\"churn\",\"label\":\" \"}|label",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"algorithm\":\"random-forest\"}|algorithm",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"holdoutFraction\":1.5}|holdoutFraction",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"holdoutFraction\":-0.1}|holdoutFraction",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"modelName\":\"bad name/x\"}|modelName",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":{\"epochs\":0}}|hyperparameters.epochs",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":{\"epochs\":\"many\"}}|hyperparameters.epochs",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":{\"learningRate\":0}}|hyperparameters.learningRate",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":{\"l2\":-1}}|hyperparameters.l2",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":{\"depth\":3}}|hyperparameters.depth",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"seed\":\"abc\"}|seed",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"hyperparameters\":\"many\"}|hyperparameters",
    })
    void badSpecIsRejectedWithTheField(String body, String field) {
        submit(body).then().statusCode(400).contentType("application/problem+json")
            .body("status", equalTo(400)).body("field", equalTo(field)).body("detail", containsString(" "));
    }

    @Test
    void unknownJobIsNotFound() {
        given().get(JOBS + "/3b241101-e2bb-4255-8caf-4136c566a962").then().statusCode(404)
            .contentType("application/problem+json").body("status", equalTo(404))
            .body("detail", containsString("3b241101-e2bb-4255-8caf-4136c566a962"));
        given().get(JOBS + "/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "empty|churned|has no rows",
        "missing|churned|unknown to feature-service",
        "down|churned|feature-service is unavailable",
        "constant|churned|single class",
        "churn|no_such_column|is not a column",
    })
    void unusableDataFailsTheJobWithAReason(String dataset, String label, String reason) {
        String id = submit("{\"dataset\":\"" + dataset + "\",\"label\":\"" + label + "\"}").then().statusCode(202)
            .extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("FAILED", job.getString("state"), job.prettify());
        assertTrue(job.getString("failureReason").contains(reason), job.getString("failureReason"));
        given().get(JOBS + "/" + id).then().body("modelVersion", nullValue());
        assertEquals(null, FakeNeighbours.get().uploadOfJob(id));
    }

    @Test
    void submittingNeedsAWriterToken() {
        given().contentType(ContentType.JSON).body("{\"dataset\":\"churn\",\"label\":\"churned\"}")
            .when().post(JOBS).then().statusCode(401).contentType("application/problem+json")
            .header("WWW-Authenticate", "Bearer");
        given().header("Authorization", TestTokens.bearer(TestTokens.reader())).contentType(ContentType.JSON)
            .body("{\"dataset\":\"churn\",\"label\":\"churned\"}")
            .when().post(JOBS).then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void readingAJobNeedsNoToken() {
        String id = submit("{\"dataset\":\"empty\",\"label\":\"churned\"}").then().statusCode(202)
            .extract().path("id");
        given().get(JOBS + "/" + id).then().statusCode(200).body("id", equalTo(id))
            .body("spec.label", equalTo("churned")).body("updatedAt", startsWith("20"))
            .body("progress", greaterThan(-1f)).body("ignoredFeatures", notNullValue());
        assertEquals("FAILED", awaitFinal(id).getString("state"));
    }
}
