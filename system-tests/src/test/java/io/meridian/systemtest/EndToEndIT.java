package io.meridian.systemtest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.meridian.launcher.LocalInfra;
import io.meridian.launcher.Platform;
import io.meridian.launcher.PrometheusText;
import io.meridian.launcher.Service;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

/**
 * The packaged platform end to end: embedded Kafka/PostgreSQL/MQTT and the six quarkus-run.jar processes on free
 * ports, driven only through the public REST APIs. Each test uses datasets/models of its own, so none depends on
 * another's order.
 */
class EndToEndIT {
    private static final Logger LOG = Logger.getLogger(EndToEndIT.class.getName());
    private static final Path ROOT = Path.of(System.getProperty("meridian.root", "..")).toAbsolutePath().normalize();
    private static final Path SAMPLES = ROOT.resolve("samples");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final String PROBLEM_JSON = "application/problem+json";

    private static Path home;
    private static Platform platform;
    private static String writer;
    private static String reader;

    @BeforeAll
    static void startPlatform() throws IOException {
        home = Files.createTempDirectory("meridian-it");
        platform = Platform.builder().home(home).root(ROOT).portBase(0).infraPorts(LocalInfra.InfraPorts.anyFree())
            .readyTimeout(Duration.ofSeconds(300)).progress(LOG::info).build();
        try {
            platform.startInfra();
            platform.startServices();
        } catch (RuntimeException e) {
            stopPlatform();
            throw e;
        }
        writer = platform.tokens().token("system-test", Duration.ofHours(1), "writer");
        reader = platform.tokens().token("system-test-reader", Duration.ofHours(1), "reader");
    }

    @AfterAll
    static void stopPlatform() throws IOException {
        if (platform != null) {
            platform.close();
        }
        // keep the service logs for a post-mortem: target/system-test-logs
        Path logs = home.resolve("logs");
        Path keep = Path.of(System.getProperty("meridian.logs", "target/system-test-logs"));
        if (Files.isDirectory(logs)) {
            Files.createDirectories(keep);
            try (Stream<Path> files = Files.list(logs)) {
                for (Path file : files.toList()) {
                    Files.copy(file, keep.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    // ---- the loop ------------------------------------------------------------------------------

    @Test
    void csvToFeaturesToModelToPromotedPredictionsCountedByTheMonitor() throws IOException {
        String csv = Files.readString(SAMPLES.resolve("churn.csv"), StandardCharsets.UTF_8);
        String contract = Files.readString(SAMPLES.resolve("churn.contract.json"), StandardCharsets.UTF_8);

        as(writer).contentType(ContentType.JSON).body(contract)
            .when().put(url(Service.INGEST, "/v1/datasets/churn"))
            .then().statusCode(201).body("name", equalTo("churn")).body("version", equalTo(1))
            .body("key", equalTo("customer_id")).body("label", equalTo("churned"));

        String runId = as(writer).contentType("text/csv").body(csv)
            .when().post(url(Service.INGEST, "/v1/datasets/churn/records"))
            .then().statusCode(200)
            .body("dataset", equalTo("churn")).body("contractVersion", equalTo(1))
            .body("rowsRead", equalTo(2000)).body("rowsStored", equalTo(2000)).body("rowsRejected", equalTo(0))
            .extract().path("runId");
        as(reader).when().get(url(Service.INGEST, "/v1/runs/" + runId))
            .then().statusCode(200).body("runId", equalTo(runId)).body("rowsStored", equalTo(2000));
        as(reader).queryParam("runId", runId).queryParam("key", "C000001")
            .when().get(url(Service.INGEST, "/v1/datasets/churn/records"))
            .then().statusCode(200).body("records.size()", equalTo(1))
            .body("records[0].values.tenure_months", equalTo(24)).body("next", nullValue());

        await().atMost(WAIT).untilAsserted(() -> given().when().get(url(Service.FEATURES, "/v1/datasets/churn"))
            .then().statusCode(200).body("entities", equalTo(2000)).body("rows", greaterThanOrEqualTo(2000)));
        given().when().get(url(Service.FEATURES, "/v1/datasets/churn/entities/C000001"))
            .then().statusCode(200).body("entityKey", equalTo("C000001")).body("values.tenure_months", equalTo(24));

        Response submitted = as(writer).contentType(ContentType.JSON).body(jobSpec("churn", "churn"))
            .when().post(url(Service.TRAINING, "/v1/training-jobs"));
        submitted.then().statusCode(202).header("Location", not(emptyOrNullString()));
        String jobId = submitted.path("id");
        await().atMost(Duration.ofSeconds(300)).untilAsserted(() -> given().when()
            .get(url(Service.TRAINING, "/v1/training-jobs/" + jobId))
            .then().statusCode(200).body("state", equalTo("SUCCEEDED")));
        Response job = given().when().get(url(Service.TRAINING, "/v1/training-jobs/" + jobId));
        job.then().body("progress", equalTo(1.0f)).body("modelName", equalTo("churn"))
            .body("metrics.accuracy", allOf(greaterThan(0.6f), lessThanOrEqualTo(1.0f)))
            .body("metrics.roc_auc", allOf(greaterThan(0.6f), lessThanOrEqualTo(1.0f)));
        int version = job.path("modelVersion");

        given().when().get(url(Service.REGISTRY, "/v1/models/churn/versions/" + version))
            .then().statusCode(200).body("modelName", equalTo("churn")).body("version", equalTo(version))
            .body("format", not(emptyOrNullString())).body("sourceJobId", equalTo(jobId))
            .body("tags.dataset", equalTo("churn")).body("artifactSha256", not(emptyOrNullString()));

        // a v2 job on the same data read from ingest-service: features inferred from the contract (the string column
        // one-hot encoded inside the graph), stratified 5-fold, class weights and a recall-targeted threshold
        Map<String, Object> v2 = new LinkedHashMap<>();
        v2.put("dataset", "churn");
        v2.put("label", "churned");
        v2.put("task", "binary");
        v2.put("algorithm", "logistic-regression");
        v2.put("modelName", "churn-cv");
        v2.put("seed", 42);
        v2.put("validation", Map.of("kind", "stratified-kfold", "folds", 5));
        v2.put("imbalance", Map.of("strategy", "class-weights"));
        v2.put("threshold", Map.of("objective", "target-recall", "target", 0.8));
        String cvJobId = as(writer).contentType(ContentType.JSON).body(v2)
            .when().post(url(Service.TRAINING, "/v1/training-jobs")).then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofSeconds(300)).untilAsserted(() -> given().when()
            .get(url(Service.TRAINING, "/v1/training-jobs/" + cvJobId))
            .then().statusCode(200).body("state", equalTo("SUCCEEDED")));
        Response cvJob = given().when().get(url(Service.TRAINING, "/v1/training-jobs/" + cvJobId));
        cvJob.then().body("result.folds.size()", equalTo(5)).body("ignoredFeatures", hasItem("customer_id"))
            .body("result.lineage.source", equalTo("ingest-service")).body("result.lineage.rows", equalTo(2000))
            .body("result.lineage.ingestionRunIds", contains(runId))
            .body("result.perClass.true.recall", greaterThanOrEqualTo(0.8f))
            .body("metrics.roc_auc", greaterThan(0.7f))
            .body("metrics.roc_auc", greaterThan(cvJob.<Float>path("result.baseline.roc_auc")));
        int cvVersion = cvJob.path("modelVersion");
        given().when().get(url(Service.REGISTRY, "/v1/models/churn-cv/versions/" + cvVersion))
            .then().statusCode(200).body("tags.task", equalTo("binary")).body("tags.class_order", equalTo("false,true"))
            .body("tags.positive_class", equalTo("true")).body("tags.threshold", not(emptyOrNullString()))
            .body("tags.input_name", is((Object) null))
            .body("inputs.find { it.name == 'contract' }.type", equalTo("string"))
            .body("outputs", equalTo(List.of("label", "probabilities")));

        as(writer).contentType(ContentType.JSON).body(Map.of("version", version))
            .when().put(url(Service.REGISTRY, "/v1/models/churn/aliases/production"))
            .then().statusCode(200).body("version", equalTo(version)).body("aliases", hasItem("production"));
        given().when().get(url(Service.REGISTRY, "/v1/models/churn/aliases/production"))
            .then().statusCode(200).body("version", equalTo(version));
        given().when().get(url(Service.REGISTRY, "/v1/models/churn"))
            .then().statusCode(200).body("aliases.production", equalTo(version));

        await().atMost(WAIT).untilAsserted(() -> given().when().get(url(Service.INFERENCE, "/v1/models/churn"))
            .then().statusCode(200).body("modelName", equalTo("churn")).body("version", equalTo(version)));

        List<Map<String, Object>> customers = List.of(
            features(24, 35.99, 1, false), features(2, 110.5, 6, true), features(70, 25.0, 0, false),
            features(12, 80.5, 3, true), features(36, 64.2, 2, false), features(5, 99.9, 4, true),
            features(60, 45.0, 1, true));
        for (Map<String, Object> customer : customers) {
            as(null).contentType(ContentType.JSON).body(Map.of("features", customer))
                .when().post(url(Service.INFERENCE, "/v1/models/churn/predict"))
                .then().statusCode(200).body("modelName", equalTo("churn")).body("modelVersion", equalTo(version))
                .body("score", allOf(greaterThanOrEqualTo(0.0f), lessThanOrEqualTo(1.0f)))
                .body("predictionId", not(emptyOrNullString()));
        }
        // the model learned the generator's signal: many calls + short tenure churn more than loyal customers
        float risky = predictedScore(features(2, 110.5, 6, true));
        float loyal = predictedScore(features(70, 25.0, 0, false));
        assertEquals(true, risky > loyal, "score(risky)=" + risky + " should exceed score(loyal)=" + loyal);
        int made = customers.size() + 2;

        Map<String, String> series = Map.of("model", "churn", "version", Integer.toString(version));
        await().atMost(WAIT).until(() -> counted(series).orElse(0) >= made);
        assertEquals(made, counted(series).orElseThrow(), "monitor counts exactly the predictions made for v" + version);
        given().when().get(url(Service.MONITOR, "/v1/models/churn/summary"))
            .then().statusCode(200).body("model", equalTo("churn"))
            .body("versions.find { it.version == " + version + " }.predictions", equalTo(made));
    }

    // ---- bad input through the real stack --------------------------------------------------------

    @Test
    void badRowsAreRejectedWithRowNumbersWhileGoodRowsAreStored() throws IOException {
        putContract("it-bad");
        String csv = String.join("\n",
            "customer_id,tenure_months,monthly_charges,support_calls,contract,paperless_billing,churned",
            "B1,12,50.50,1,one-year,true,false",     // 1 good
            "B2,13,51.00",                           // 2 malformed: too few columns
            "B3,twelve,52.25,1,one-year,true,false", // 3 wrong type
            ",14,53.00,2,two-year,false,true",       // 4 missing required key value
            "B5,15,54.75,0,month-to-month,false,false") + "\n"; // 5 good
        as(writer).contentType("text/csv").body(csv)
            .when().post(url(Service.INGEST, "/v1/datasets/it-bad/records"))
            .then().statusCode(200)
            .body("rowsRead", equalTo(5)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(3))
            .body("rejections.row", equalTo(List.of(2, 3, 4)))
            .body("rejections.find { it.row == 3 }.field", equalTo("tenure_months"))
            .body("rejections.find { it.row == 4 }.field", equalTo("customer_id"))
            .body("rejections.reason", not(hasItem(emptyOrNullString())));

        await().atMost(WAIT).untilAsserted(() -> given().when().get(url(Service.FEATURES, "/v1/datasets/it-bad"))
            .then().statusCode(200).body("entities", equalTo(2)));
        given().when().get(url(Service.FEATURES, "/v1/datasets/it-bad/entities/B5"))
            .then().statusCode(200).body("values.tenure_months", equalTo(15));
        given().when().get(url(Service.FEATURES, "/v1/datasets/it-bad/entities/B3"))
            .then().statusCode(404).contentType(startsWith(PROBLEM_JSON));
    }

    @Test
    void aHeaderWithoutARequiredColumnRejectsTheUpload() throws IOException {
        putContract("it-header");
        as(writer).contentType("text/csv").body("tenure_months,monthly_charges\n12,50.5\n")
            .when().post(url(Service.INGEST, "/v1/datasets/it-header/records"))
            .then().statusCode(400).contentType(startsWith(PROBLEM_JSON)).body("field", equalTo("customer_id"));
    }

    @Test
    void unknownDatasetsJobsAndModelsAre404Problems() {
        assertProblem(as(reader).when().get(url(Service.INGEST, "/v1/datasets/no-such-dataset")), 404);
        assertProblem(as(writer).contentType("text/csv").body("customer_id\nX1\n")
            .when().post(url(Service.INGEST, "/v1/datasets/no-such-dataset/records")), 404);
        assertProblem(given().when().get(url(Service.FEATURES, "/v1/datasets/no-such-dataset")), 404);
        assertProblem(given().when().get(url(Service.TRAINING,
            "/v1/training-jobs/00000000-0000-4000-8000-000000000000")), 404);
        assertProblem(given().when().get(url(Service.REGISTRY, "/v1/models/no-such-model")), 404);
        assertProblem(given().when().get(url(Service.INFERENCE, "/v1/models/no-such-model")), 404);
        assertProblem(as(null).contentType(ContentType.JSON).body(Map.of("features", features(1, 20.0, 0, false)))
            .when().post(url(Service.INFERENCE, "/v1/models/no-such-model/predict")), 404);
        assertProblem(given().when().get(url(Service.MONITOR, "/v1/models/no-such-model/summary")), 404);
    }

    @Test
    void writesNeedAWriterToken() throws IOException {
        String contract = Files.readString(SAMPLES.resolve("churn.contract.json"), StandardCharsets.UTF_8);
        assertProblem(as(null).contentType(ContentType.JSON).body(contract)
            .when().put(url(Service.INGEST, "/v1/datasets/it-auth")), 401);
        assertProblem(as(reader).contentType(ContentType.JSON).body(contract)
            .when().put(url(Service.INGEST, "/v1/datasets/it-auth")), 403);
        assertProblem(as(reader).contentType(ContentType.JSON).body(jobSpec("churn", "it-auth"))
            .when().post(url(Service.TRAINING, "/v1/training-jobs")), 403);
    }

    @Test
    void ingestReadsNeedAReaderOrWriterToken() {
        assertProblem(as(null).when().get(url(Service.INGEST, "/v1/datasets/no-such-dataset")), 401);
        assertProblem(as(null).when().get(url(Service.INGEST, "/v1/datasets/no-such-dataset/records")), 401);
        String auditor = platform.tokens().token("system-test-auditor", Duration.ofHours(1), "auditor");
        assertProblem(as(auditor).when().get(url(Service.INGEST, "/v1/sources")), 403);
        as(writer).when().get(url(Service.INGEST, "/v1/sources")).then().statusCode(200);
    }

    @Test
    void trainingOnADatasetWithoutRowsFailsWithAReason() throws IOException {
        putContract("it-empty");
        String jobId = as(writer).contentType(ContentType.JSON).body(jobSpec("it-empty", "it-empty"))
            .when().post(url(Service.TRAINING, "/v1/training-jobs"))
            .then().statusCode(202).extract().path("id");
        await().atMost(WAIT).untilAsserted(() -> given().when().get(url(Service.TRAINING, "/v1/training-jobs/" + jobId))
            .then().statusCode(200).body("state", equalTo("FAILED")).body("failureReason", not(emptyOrNullString())));
        assertProblem(given().when().get(url(Service.REGISTRY, "/v1/models/it-empty")), 404);
    }

    // ---- helpers -------------------------------------------------------------------------------

    private static RequestSpecification as(String token) {
        RequestSpecification spec = given().accept("application/json, application/problem+json");
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    private static String url(Service service, String path) {
        return platform.url(service).resolve(path).toString();
    }

    private static void putContract(String dataset) throws IOException {
        as(writer).contentType(ContentType.JSON).body(Files.readString(SAMPLES.resolve("churn.contract.json")))
            .when().put(url(Service.INGEST, "/v1/datasets/" + dataset))
            .then().statusCode(201).body("name", equalTo(dataset));
    }

    private static Map<String, Object> jobSpec(String dataset, String model) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("dataset", dataset);
        spec.put("label", "churned");
        spec.put("algorithm", "logistic-regression");
        spec.put("modelName", model);
        spec.put("seed", 42);
        spec.put("holdoutFraction", 0.2);
        spec.put("hyperparameters", Map.of());
        return spec;
    }

    /** Numeric model inputs; the boolean column as 1/0 as training encodes it. */
    private static Map<String, Object> features(int tenure, double charges, int calls, boolean paperless) {
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("tenure_months", tenure);
        features.put("monthly_charges", charges);
        features.put("support_calls", calls);
        features.put("paperless_billing", paperless ? 1 : 0);
        return features;
    }

    private static float predictedScore(Map<String, Object> features) {
        return as(null).contentType(ContentType.JSON).body(Map.of("features", features))
            .when().post(url(Service.INFERENCE, "/v1/models/churn/predict"))
            .then().statusCode(200).extract().path("score");
    }

    private static OptionalDouble counted(Map<String, String> series) {
        String metrics = given().when().get(url(Service.MONITOR, "/q/metrics")).then().statusCode(200).extract().asString();
        return PrometheusText.value(metrics, "meridian_monitor_predictions_total", series);
    }

    private static void assertProblem(Response response, int status) {
        response.then().statusCode(status).contentType(startsWith(PROBLEM_JSON))
            .body("status", is(status)).body("detail", not(emptyOrNullString()));
    }
}
