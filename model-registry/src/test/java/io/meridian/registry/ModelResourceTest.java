package io.meridian.registry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.AliasChanged;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/** REST API: models, versions, artifacts, aliases, audit, errors as problem+json. */
@QuarkusTest
class ModelResourceTest {
    static final String PROBLEM = "application/problem+json";

    RegistryClient client;

    @BeforeEach
    void connect() {
        client = new RegistryClient();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    private void upload(String model, long seed, int size) {
        client.upload(TestTokens.writer(), RegistryClient.metadata(model).build(),
            ModelRegistryGrpcTest.artifact(seed, size), 4096);
    }

    @Test
    void showsModelsVersionsAndArtifacts() throws Exception {
        upload("rest-show", 21, 5000);
        upload("rest-show", 22, 6000);
        byte[] second = ModelRegistryGrpcTest.artifact(22, 6000);
        String sha = ModelRegistryGrpcTest.sha256(second);

        given().when().get("/v1/models").then().statusCode(200).body("models.name", hasItem("rest-show"));
        given().when().get("/v1/models/rest-show").then().statusCode(200)
            .body("name", equalTo("rest-show"))
            .body("latestVersion", equalTo(2))
            .body("versions.version", contains(1, 2))
            .body("aliases.size()", equalTo(0));
        given().when().get("/v1/models/rest-show/versions/2").then().statusCode(200)
            .body("modelName", equalTo("rest-show"))
            .body("version", equalTo(2))
            .body("format", equalTo("onnx"))
            .body("inputs.name", contains("tenure_months", "monthly_charges", "contract"))
            .body("inputs[0].type", equalTo("float"))
            .body("inputs[0].optional", equalTo(true))
            .body("inputs[2].levels", contains("month-to-month", "one-year"))
            .body("inputs[2].rejectUnseen", equalTo(true))
            .body("outputs", contains("probabilities", "label"))
            .body("metrics.accuracy", equalTo(0.91f))
            .body("tags.algorithm", equalTo("logistic-regression"))
            .body("sourceJobId", equalTo("job-42"))
            .body("artifactSha256", equalTo(sha))
            .body("artifactSizeBytes", equalTo(6000))
            .body("createdAt", notNullValue())
            .body("createdBy", equalTo("test-writer"));

        byte[] body = given().when().get("/v1/models/rest-show/versions/2/artifact").then().statusCode(200)
            .contentType("application/octet-stream")
            .header("ETag", "\"" + sha + "\"")
            .header("X-Artifact-Sha256", sha)
            .extract().asByteArray();
        assertArrayEquals(second, body);
        given().header("If-None-Match", "\"" + sha + "\"")
            .when().get("/v1/models/rest-show/versions/2/artifact").then().statusCode(304);
    }

    @Test
    void setsAndResolvesAliasesAndEmitsAliasChanged() throws Exception {
        upload("rest-alias", 31, 100);
        upload("rest-alias", 32, 100);
        try (RegistryEventsConsumer events = new RegistryEventsConsumer()) {
            given().header("Authorization", TestTokens.bearer(TestTokens.writer())).contentType(ContentType.JSON)
                .body("{\"version\":1}")
                .when().put("/v1/models/rest-alias/aliases/production").then().statusCode(200)
                .body("version", equalTo(1)).body("aliases", contains("production"));
            given().header("Authorization", TestTokens.bearer(TestTokens.token("alice", "writer")))
                .contentType(ContentType.JSON).body("{\"version\":2}")
                .when().put("/v1/models/rest-alias/aliases/production").then().statusCode(200)
                .body("version", equalTo(2)).body("aliases", contains("production"));

            List<ConsumerRecord<String, byte[]>> changes = await().atMost(Duration.ofSeconds(30))
                .until(() -> events.poll("rest-alias", EventTypes.ALIAS_CHANGED), r -> r.size() >= 2);
            ConsumerRecord<String, byte[]> record = changes.get(1);
            assertEquals("rest-alias", record.key());
            assertEquals(EventTypes.ALIAS_CHANGED, RegistryEventsConsumer.header(record, "ce_type"));
            AliasChanged event = AliasChanged.parseFrom(record.value());
            assertEquals("rest-alias", event.getModelName());
            assertEquals("production", event.getAlias());
            assertEquals(2, event.getVersion());
            assertEquals(1, event.getPreviousVersion());
            assertEquals("alice", event.getChangedBy());
            assertTrue(event.getChangedAt().getSeconds() > 0);
        }

        given().when().get("/v1/models/rest-alias/aliases/production").then().statusCode(200)
            .body("version", equalTo(2));
        given().when().get("/v1/models/rest-alias").then().statusCode(200).body("aliases.production", equalTo(2));
        given().when().get("/v1/models/rest-alias/versions/1").then().statusCode(200).body("aliases.size()", equalTo(0));

        given().when().get("/v1/models/rest-alias/audit").then().statusCode(200)
            .body("model", equalTo("rest-alias"))
            .body("entries.action", contains("MODEL_VERSION_CREATED", "MODEL_VERSION_CREATED", "ALIAS_SET", "ALIAS_SET"))
            .body("entries.subject", contains("test-writer", "test-writer", "test-writer", "alice"))
            .body("entries[3].alias", equalTo("production"))
            .body("entries[3].version", equalTo(2))
            .body("entries[3].details.previousVersion", equalTo(1))
            .body("entries[0].details.artifactSha256", notNullValue())
            .body("entries[0].at", notNullValue());

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics, containsString("meridian_registry_alias_changes_total{alias=\"production\",model=\"rest-alias\"} 2.0"));
        assertThat(metrics, containsString("meridian_registry_versions_created_total{model=\"rest-alias\"} 2.0"));
    }

    @Test
    void unknownModelVersionAndAliasAre404Problems() {
        upload("rest-known", 41, 10);
        for (String path : List.of("/v1/models/rest-nope", "/v1/models/rest-nope/versions/1",
            "/v1/models/rest-known/versions/7", "/v1/models/rest-known/versions/7/artifact",
            "/v1/models/rest-known/aliases/champion", "/v1/models/rest-nope/aliases/champion",
            "/v1/models/rest-nope/audit")) {
            given().when().get(path).then().statusCode(404).contentType(PROBLEM)
                .body("status", equalTo(404)).body("detail", notNullValue());
        }
        given().when().get("/v1/models/rest-known/versions/7").then()
            .body("detail", equalTo("Model 'rest-known' has no version 7."));
        given().when().get("/v1/models/rest-known/aliases/champion").then()
            .body("detail", equalTo("Model 'rest-known' has no alias 'champion'."));
        given().header("Authorization", TestTokens.bearer(TestTokens.writer())).contentType(ContentType.JSON)
            .body("{\"version\":7}")
            .when().put("/v1/models/rest-known/aliases/production").then().statusCode(404).contentType(PROBLEM)
            .body("detail", containsString("no version 7"));
        given().header("Authorization", TestTokens.bearer(TestTokens.writer())).contentType(ContentType.JSON)
            .body("{\"version\":1}")
            .when().put("/v1/models/rest-nope/aliases/production").then().statusCode(404).contentType(PROBLEM)
            .body("detail", containsString("not registered"));
    }

    @Test
    void badAliasBodiesAre400ProblemsWithTheField() {
        upload("rest-bad", 51, 10);
        String writer = TestTokens.bearer(TestTokens.writer());
        given().header("Authorization", writer).contentType(ContentType.JSON).body("{}")
            .when().put("/v1/models/rest-bad/aliases/production").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("version"));
        given().header("Authorization", writer).contentType(ContentType.JSON).body("{\"version\":\"one\"}")
            .when().put("/v1/models/rest-bad/aliases/production").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("version"));
        given().header("Authorization", writer).contentType(ContentType.JSON).body("{\"version\":0}")
            .when().put("/v1/models/rest-bad/aliases/production").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("version"));
        given().header("Authorization", writer).contentType(ContentType.JSON).body("{\"version\":1")
            .when().put("/v1/models/rest-bad/aliases/production").then().statusCode(400).contentType(PROBLEM);
        given().header("Authorization", writer).contentType(ContentType.JSON).body("{\"version\":1}")
            .when().put("/v1/models/rest-bad/aliases/Not_Valid!").then().statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("alias"));
    }

    @Test
    void puttingAnAliasNeedsAWriterToken() {
        upload("rest-secure", 61, 10);
        given().contentType(ContentType.JSON).body("{\"version\":1}")
            .when().put("/v1/models/rest-secure/aliases/production").then().statusCode(401).contentType(PROBLEM);
        given().header("Authorization", TestTokens.bearer(TestTokens.reader())).contentType(ContentType.JSON)
            .body("{\"version\":1}")
            .when().put("/v1/models/rest-secure/aliases/production").then().statusCode(403).contentType(PROBLEM);
        given().when().get("/v1/models/rest-secure/aliases/production").then().statusCode(404);
        given().when().get("/v1/models/rest-secure/audit").then().statusCode(200)
            .body("entries.action", contains("MODEL_VERSION_CREATED"));
    }
}
