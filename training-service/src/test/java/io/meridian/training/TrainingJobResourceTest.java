package io.meridian.training;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.meridian.registry.v1.ModelInput;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;

@QuarkusTest
class TrainingJobResourceTest {
    static final String JOBS = "/v1/training-jobs";

    static Response submit(String body) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.writer()))
            .contentType(ContentType.JSON).body(body)
            .when().post(JOBS);
    }

    static Response cancel(String id) {
        return given().header("Authorization", TestTokens.bearer(TestTokens.writer())).when().delete(JOBS + "/" + id);
    }

    static JsonPath awaitFinal(String id) {
        return await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(100)).until(
            () -> given().get(JOBS + "/" + id).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)),
            job -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.getString("state")));
    }

    static FakeNeighbours.Upload upload(String id) {
        FakeNeighbours.Upload upload = FakeNeighbours.get().uploadOfJob(id);
        assertNotNull(upload, "the registry received no upload for job " + id);
        return upload;
    }

    @Test
    void churnJobWithClassWeightsAndATunedThresholdRegistersOneOnnxGraph() throws Exception {
        String id = submit("""
            {"dataset":"churn","label":"churned","task":"binary","algorithm":"logistic-regression",
             "modelName":"churn-v2","seed":42,
             "validation":{"kind":"stratified-kfold","folds":5},
             "imbalance":{"strategy":"class-weights"},
             "threshold":{"objective":"target-recall","target":0.8},
             "permutationImportance":true}""").then().statusCode(202)
            .header("Location", containsString(JOBS + "/"))
            .body("state", equalTo("QUEUED"))
            .body("spec.dataset", equalTo("churn"))
            .body("spec.validation.kind", equalTo("stratified-kfold"))
            .body("spec.preprocessing.scaling", equalTo("standard"))
            .body("spec.imbalance.strategy", equalTo("class-weights"))
            .body("createdAt", startsWith("20"))
            .extract().path("id");

        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertEquals(1.0f, job.getFloat("progress"));
        assertEquals("churn-v2", job.getString("modelName"));
        assertTrue(job.getDouble("metrics.roc_auc") > 0.75, job.prettify());
        // a useless model would be visible: the baseline sits beside it
        assertEquals(0.5, job.getDouble("result.baseline.roc_auc"), 0.05);
        assertTrue(job.getDouble("metrics.balanced_accuracy") > job.getDouble("result.baseline.balanced_accuracy"));
        assertEquals(5, job.getList("result.folds").size());
        assertTrue(job.getDouble("result.metricsStd.roc_auc") >= 0);
        assertEquals(List.of("false", "true"), job.getList("result.classes"));
        assertEquals("true", job.getString("result.positiveClass"));
        // the tuned threshold reaches the recall target (out of fold), below the default 0.5
        double threshold = job.getDouble("result.threshold");
        assertTrue(threshold < 0.5, "threshold " + threshold);
        assertTrue(job.getDouble("result.perClass.true.recall") >= 0.8, job.prettify());
        assertEquals(2, job.getList("result.confusionMatrix").size());
        assertFalse(job.getList("result.roc.x").isEmpty());
        assertFalse(job.getList("result.pr.y").isEmpty());
        assertFalse(job.getList("result.importance").isEmpty());
        assertFalse(job.getList("result.permutationImportance").isEmpty());
        assertTrue(job.getDouble("result.parity.maxAbsDiff") <= 1e-5);
        assertEquals(List.of("customer_id"), job.getList("ignoredFeatures"));
        assertEquals("ingest-service", job.getString("result.lineage.source"));
        assertEquals(FakeNeighbours.CHURN_ROWS, job.getInt("result.lineage.rows"));
        assertEquals(64, job.getString("result.lineage.contentSha256").length());

        FakeNeighbours.Upload upload = upload(id);
        assertEquals(job.getLong("modelVersion"), upload.version());
        assertEquals(List.of("contract", "monthly_charges", "paperless_billing", "support_calls", "tenure_months"),
            upload.metadata().getInputsList().stream().map(ModelInput::getName).sorted().toList());
        ModelInput contract = upload.metadata().getInputsList().stream()
            .filter(i -> i.getName().equals("contract")).findFirst().orElseThrow();
        assertEquals("string", contract.getType());
        assertEquals(List.of("month-to-month", "one-year", "two-year"), contract.getLevelsList().stream().sorted()
            .toList());
        assertTrue(upload.metadata().getInputsList().stream().filter(i -> !i.getName().equals("contract"))
            .allMatch(i -> i.getType().equals("float") && i.getOptional()));
        assertEquals(List.of("label", "probabilities"), upload.metadata().getOutputsList());
        Map<String, String> tags = upload.metadata().getTagsMap();
        assertEquals("binary", tags.get("task"));
        assertEquals("false,true", tags.get("class_order"));
        assertEquals("true", tags.get("positive_class"));
        assertEquals("false", tags.get("negative_class"));
        assertEquals(threshold, Double.parseDouble(tags.get("threshold")), 1e-12);
        assertEquals("logistic-regression", tags.get("algorithm"));
        assertEquals("42", tags.get("seed"));
        assertEquals("churn", tags.get("dataset"));
        assertEquals(Integer.toString(FakeNeighbours.CHURN_ROWS), tags.get("row_count"));
        assertEquals(job.getString("result.lineage.contentSha256"), tags.get("content_sha256"));
        assertTrue(tags.get("code_version").startsWith("training-service "), tags.get("code_version"));
        ObjectMapper json = new ObjectMapper();
        assertTrue(json.readTree(tags.get("hyperparameters")).isObject());
        assertFalse(tags.get("tribuo_provenance").isBlank());
        JsonNode profile = json.readTree(tags.get("reference_profile"));
        assertEquals(11, profile.path("tenure_months").path("quantiles").size());
        assertTrue(profile.path("contract").path("categoryFrequencies").has("month-to-month"));
        Map<String, Double> metrics = upload.metadata().getMetricsMap();
        assertEquals(job.getDouble("metrics.roc_auc"), metrics.get("roc_auc"), 1e-9);
        assertTrue(metrics.containsKey("roc_auc_std"));
        assertTrue(metrics.containsKey("baseline_roc_auc"));

        // the registered graph takes raw named features and applies the tuned threshold in its label output
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(upload.artifact())) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("tenure_months", OnnxTensor.createTensor(env, new float[][] {{2f}, {70f}}));
            inputs.put("monthly_charges", OnnxTensor.createTensor(env, new float[][] {{110.5f}, {25f}}));
            inputs.put("support_calls", OnnxTensor.createTensor(env, new float[][] {{6f}, {0f}}));
            inputs.put("paperless_billing", OnnxTensor.createTensor(env, new float[][] {{1f}, {0f}}));
            inputs.put("contract", OnnxTensor.createTensor(env, new String[][] {{"month-to-month"}, {"two-year"}}));
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue probabilityOutput = result.get("probabilities").orElseThrow();
                OnnxValue labelOutput = result.get("label").orElseThrow();
                float[][] probabilities = (float[][]) probabilityOutput.getValue();
                String[] labels = (String[]) labelOutput.getValue();
                assertTrue(probabilities[0][1] > probabilities[1][1], "risky customer must score higher");
                for (int i = 0; i < 2; i++) {
                    assertEquals(probabilities[i][1] >= threshold ? "true" : "false", labels[i]);
                }
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }
        given().get("/q/metrics").then().statusCode(200).body(containsString(
            "meridian_training_jobs_total{algorithm=\"logistic-regression\",outcome=\"succeeded\"}"));
    }

    @Test
    void housingRegressionBeatsTheMeanBaseline() {
        String id = submit("""
            {"dataset":"housing","label":"price","algorithm":"linear-regression","seed":7,
             "validation":{"kind":"kfold","folds":5}}""").then().statusCode(202).extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertEquals("regression", job.getString("result.task"));
        assertTrue(job.getDouble("metrics.r2") > 0.8, job.prettify());
        assertTrue(Math.abs(job.getDouble("result.baseline.r2")) < 0.05, job.prettify());
        assertTrue(job.getDouble("metrics.rmse") < job.getDouble("result.baseline.rmse"));
        FakeNeighbours.Upload upload = upload(id);
        assertEquals(List.of("value"), upload.metadata().getOutputsList());
        assertEquals("regression", upload.metadata().getTagsMap().get("task"));
        assertNull(upload.metadata().getTagsMap().get("class_order"));
        assertTrue(upload.metadata().getMetricsMap().containsKey("baseline_rmse"));
        // prices are in the hundreds: the graph's float32 output is held to 1e-5 relative to the largest price
        assertTrue(job.getDouble("result.parity.maxAbsDiff") <= job.getDouble("result.parity.tolerance"));
        assertTrue(job.getDouble("result.parity.tolerance") < 0.01, job.prettify());
    }

    @Test
    void aReuploadedDatasetTrainsOnEachEntityOnce() {
        String id = submit("""
            {"dataset":"churn-twice","label":"churned","algorithm":"logistic-regression","seed":1,
             "validation":{"kind":"holdout","holdoutFraction":0.2}}""").then().statusCode(202).extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertEquals(2 * FakeNeighbours.CHURN_ROWS, job.getInt("result.lineage.rowsRead"));
        assertEquals(FakeNeighbours.CHURN_ROWS, job.getInt("result.lineage.rows"));
        assertEquals(Integer.toString(FakeNeighbours.CHURN_ROWS), upload(id).metadata().getTagsMap().get("row_count"));
    }

    @Test
    void gradientBoostedTreesBeatLogisticRegressionOnANonLinearTarget() {
        String body = """
            {"dataset":"checkerboard","label":"same_sign","algorithm":"%s","seed":3,
             "validation":{"kind":"stratified-kfold","folds":5}}""";
        String linear = submit(body.formatted("logistic-regression")).then().statusCode(202).extract().path("id");
        String trees = submit(body.formatted("xgboost")).then().statusCode(202).extract().path("id");
        JsonPath linearJob = awaitFinal(linear);
        JsonPath treesJob = awaitFinal(trees);
        assertEquals("SUCCEEDED", linearJob.getString("state"), linearJob.prettify());
        assertEquals("SUCCEEDED", treesJob.getString("state"), treesJob.prettify());
        double linearAuc = linearJob.getDouble("metrics.roc_auc");
        double treesAuc = treesJob.getDouble("metrics.roc_auc");
        // x*y > 0 has no linear signal: logistic regression stays near chance, the trees find the quadrants
        assertTrue(linearAuc < 0.65, "logistic regression ROC-AUC " + linearAuc);
        assertTrue(treesAuc > 0.85, "xgboost ROC-AUC " + treesAuc);
        assertTrue(treesJob.getDouble("metrics.accuracy") > treesJob.getDouble("result.baseline.accuracy") + 0.2,
            treesJob.prettify());
        // the tree ensemble was exported (ai.onnx.ml TreeEnsemble) and verified before registration
        assertTrue(treesJob.getDouble("result.parity.maxAbsDiff") <= 1e-5, treesJob.prettify());
        assertEquals(List.of("label", "probabilities"), upload(trees).metadata().getOutputsList());
    }

    @Test
    void v1BodyTrainsOnTheFeatureServiceTrainingSetWithNumericFeatures() {
        // what the launcher demo and system-tests post
        String id = submit("""
            {"dataset":"churn","label":"churned","algorithm":"logistic-regression","modelName":"churn",
             "seed":42,"holdoutFraction":0.2,"hyperparameters":{}}""").then().statusCode(202)
            .body("spec.trainingSet", equalTo("churn")).body("spec.validation.kind", equalTo("holdout"))
            .extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        assertTrue(job.getDouble("metrics.accuracy") > 0.6);
        assertTrue(job.getDouble("metrics.roc_auc") > 0.7);
        assertEquals(List.of("contract", "customer_id"), job.getList("ignoredFeatures"));
        assertEquals(List.of("run-1", "run-2"), job.getList("result.lineage.ingestionRunIds"));
        FakeNeighbours.Upload upload = upload(id);
        assertEquals(List.of("monthly_charges", "paperless_billing", "support_calls", "tenure_months"),
            upload.metadata().getInputsList().stream().map(ModelInput::getName).sorted().toList());
        assertEquals("churn", upload.metadata().getTagsMap().get("training_set"));
        assertEquals("churn", upload.metadata().getTagsMap().get("dataset"));
        assertEquals("feature-service", upload.metadata().getTagsMap().get("data_source"));
        assertEquals("run-1,run-2", upload.metadata().getTagsMap().get("ingestion_run_ids"));
    }

    @Test
    void searchTrialsAreKeptAndQueryable() {
        JsonPath algorithms = given().get("/v1/algorithms").then().statusCode(200).extract().jsonPath();
        Map<String, Object> numeric = algorithms.getMap("find { it.id == 'logistic-regression' }.hyperparameters"
            + ".find { it.type == 'DOUBLE' }");
        assertNotNull(numeric, "logistic-regression declares no DOUBLE hyperparameter");
        String name = (String) numeric.get("name");
        String value = (String) numeric.get("defaultValue");
        String id = submit("{\"dataset\":\"churn\",\"label\":\"churned\",\"seed\":3,"
            + "\"validation\":{\"kind\":\"stratified-kfold\",\"folds\":3},"
            + "\"search\":{\"strategy\":\"grid\",\"space\":{\"" + name + "\":[\"" + value + "\",\"" + value
            + "\"]},\"trials\":2,\"metric\":\"roc_auc\"}}").then().statusCode(202).extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("SUCCEEDED", job.getString("state"), job.prettify());
        given().get(JOBS + "/" + id + "/trials").then().statusCode(200)
            .body("size()", equalTo(2)).body("number", equalTo(List.of(1, 2)))
            .body("[0].hyperparameters." + name, equalTo(Double.toString(Double.parseDouble(value))));
        given().get(JOBS + "/3b241101-e2bb-4255-8caf-4136c566a962/trials").then().statusCode(404);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"dataset\":\"nope\",\"label\":\"churned\"}|dataset 'nope' not found",
        "{\"dataset\":\"empty\",\"label\":\"churned\"}|has no rows",
        "{\"dataset\":\"constant\",\"label\":\"churned\"}|single class",
        "{\"dataset\":\"churn\",\"label\":\"no_such_column\"}|is not a column",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"features\":[{\"name\":\"shoe_size\",\"kind\":\"numeric\"}]}|feature 'shoe_size' does not exist",
        "{\"dataset\":\"bad-numeric\",\"label\":\"churned\"}|non-numeric value 'several' in row 42",
        "{\"dataset\":\"housing\",\"label\":\"price\",\"task\":\"binary\"}|regression label",
        "{\"dataset\":\"tiny-churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"kfold\",\"folds\":20}}|too few for 20 folds",
        "{\"dataset\":\"rare-churn\",\"label\":\"churned\",\"validation\":{\"kind\":\"stratified-kfold\",\"folds\":5}}|fewer than the 5 folds",
        "{\"trainingSet\":\"down\",\"label\":\"churned\"}|feature-service is unavailable",
        "{\"dataset\":\"churn\",\"label\":\"churned\",\"positiveClass\":\"maybe\"}|positiveClass 'maybe'",
    })
    void unusableDataFailsTheJobWithAReason(String body, String reason) {
        String id = submit(body).then().statusCode(202).extract().path("id");
        JsonPath job = awaitFinal(id);
        assertEquals("FAILED", job.getString("state"), job.prettify());
        assertTrue(job.getString("failureReason").contains(reason), job.getString("failureReason"));
        given().get(JOBS + "/" + id).then().body("modelVersion", nullValue()).body("result", nullValue());
        assertNull(FakeNeighbours.get().uploadOfJob(id));
        // the service stays up
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void runningAndQueuedJobsCanBeCancelled() {
        FakeNeighbours fakes = FakeNeighbours.get();
        fakes.closeGate();
        String running;
        String queued;
        try {
            running = submit("{\"dataset\":\"slow-churn\",\"label\":\"churned\"}").then().statusCode(202)
                .extract().path("id");
            await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> given().get(JOBS + "/" + running).then()
                .body("state", equalTo("RUNNING")).body("message", containsString("reading dataset 'slow-churn'")));
            // one worker: the next job waits in the queue
            queued = submit("{\"dataset\":\"churn\",\"label\":\"churned\"}").then().statusCode(202)
                .extract().path("id");
            cancel(queued).then().statusCode(202).body("state", equalTo("CANCELLED"))
                .body("failureReason", containsString("before it started"));
            cancel(running).then().statusCode(202).body("state", equalTo("RUNNING"))
                .body("message", containsString("cancellation requested"));
        } finally {
            fakes.openGate();
        }
        JsonPath job = awaitFinal(running);
        assertEquals("CANCELLED", job.getString("state"), job.prettify());
        assertNull(fakes.uploadOfJob(running));
        assertEquals("CANCELLED", awaitFinal(queued).getString("state"));
        assertNull(fakes.uploadOfJob(queued));
        cancel(running).then().statusCode(409).contentType("application/problem+json");
        cancel("3b241101-e2bb-4255-8caf-4136c566a962").then().statusCode(404);
        given().delete(JOBS + "/" + running).then().statusCode(401);

        given().get(JOBS + "?state=cancelled&limit=100").then().statusCode(200)
            .body("id", hasItem(running)).body("id", hasItem(queued));
        given().get(JOBS + "?state=sleeping").then().statusCode(400).body("field", equalTo("state"));
        given().get(JOBS + "?limit=0").then().statusCode(400).body("field", equalTo("limit"));
    }

    @Test
    void unknownJobIsNotFound() {
        given().get(JOBS + "/3b241101-e2bb-4255-8caf-4136c566a962").then().statusCode(404)
            .contentType("application/problem+json").body("status", equalTo(404))
            .body("detail", containsString("3b241101-e2bb-4255-8caf-4136c566a962"));
        given().get(JOBS + "/not-a-uuid").then().statusCode(404).contentType("application/problem+json");
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
}
