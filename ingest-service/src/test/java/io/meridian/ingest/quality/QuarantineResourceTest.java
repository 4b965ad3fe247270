package io.meridian.ingest.quality;

import static io.meridian.ingest.TestRequests.asReader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.RecordQuarantined;
import io.meridian.ingest.rest.TopicReader;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Quarantine (PostgreSQL + topic) with every failed rule, replay against a fixed contract, run lineage. */
@QuarkusTest
class QuarantineResourceTest {
    static final String STRICT = """
        {"fields":[
          {"name":"id","type":"string","required":true,"pattern":"C[0-9]+"},
          {"name":"age","type":"integer","min":18,"max":120},
          {"name":"score","type":"decimal","min":0}],
         "key":"id"}""";
    static final String RELAXED = STRICT.replace("\"min\":18,", "");

    static ValidatableResponse put(String dataset, String contract) {
        return given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON).body(contract)
            .when().put("/v1/datasets/" + dataset).then();
    }

    static ValidatableResponse upload(String dataset, String csv) {
        return given().auth().oauth2(TestTokens.writer()).contentType("text/csv")
            .body(csv.getBytes(StandardCharsets.UTF_8))
            .when().post("/v1/datasets/" + dataset + "/records").then();
    }

    @Test
    void quarantinesEveryFailedRuleWithPayloadAndCoordinatesThenReplaysAfterAFix() throws Exception {
        put("quar-a", STRICT).statusCode(201);
        String csv = "id,age,score\nC1,30,1.5\nX2,12,-1\nC3,16,2\nC4,abc,3\n\"C5\n";
        String runId = upload("quar-a", csv).statusCode(200)
            .body("rowsRead", equalTo(5)).body("rowsStored", equalTo(1))
            .body("rowsQuarantined", equalTo(4)).body("rowsRejected", equalTo(4))
            .body("rowsDeduplicated", equalTo(0))
            .body("bytesRead", greaterThan(0))
            .body("inputSha256", matchesPattern("[0-9a-f]{64}"))
            .extract().path("runId");

        // every failed rule of row 2: regex on id, min on age, min on score
        asReader().when().get("/v1/datasets/quar-a/quarantine?runId=" + runId).then().statusCode(200)
            .body("total", equalTo(4))
            .body("records", hasSize(4))
            .body("records[0].runId", equalTo(runId))
            .body("records[0].contractVersion", equalTo(1))
            .body("records[0].position", equalTo(2))
            .body("records[0].coordinates", not(emptyOrNullString()))
            .body("records[0].payload", containsString("X2"))
            .body("records[0].status", equalTo("QUARANTINED"))
            .body("records[0].violations.rule", containsInAnyOrder("regex", "min", "min"))
            .body("records[0].violations.field", containsInAnyOrder("id", "age", "score"))
            .body("records[2].violations[0].rule", equalTo("type"))
            .body("records[3].violations[0].rule", equalTo("parse"))
            .body("records[3].violations[0].message", containsString("quot"));
        // paging
        asReader().when().get("/v1/datasets/quar-a/quarantine?size=1&page=1").then().statusCode(200)
            .body("records", hasSize(1)).body("records[0].position", equalTo(3)).body("total", equalTo(4));

        try (TopicReader reader = new TopicReader(Topics.INGEST_QUARANTINE)) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().stream()
                .filter(r -> r.key().equals("quar-a/" + runId)).count() == 4);
            ConsumerRecord<String, byte[]> first = reader.poll().stream()
                .filter(r -> r.key().equals("quar-a/" + runId)).findFirst().orElseThrow();
            assertEquals(EventTypes.RECORD_QUARANTINED,
                new String(first.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8));
            RecordQuarantined event = RecordQuarantined.parseFrom(first.value());
            assertEquals(2, event.getPosition());
            assertEquals(3, event.getViolationsCount());
            assertTrue(event.getPayload().contains("X2"));
            assertTrue(event.getSource().startsWith("csv"), event.getSource());
        }

        // fix the contract (age min dropped) and replay: row 3 (age 16) now passes
        put("quar-a", RELAXED).statusCode(201).body("version", equalTo(2));
        given().contentType(ContentType.JSON).body("{}").when().post("/v1/datasets/quar-a/quarantine/replay")
            .then().statusCode(401);
        String replayRun = given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON)
            .body("{\"runId\":\"" + runId + "\"}")
            .when().post("/v1/datasets/quar-a/quarantine/replay").then().statusCode(200)
            .body("source", equalTo("replay")).body("contractVersion", equalTo(2))
            .body("rowsRead", equalTo(4)).body("rowsStored", equalTo(1)).body("rowsQuarantined", equalTo(3))
            .extract().path("runId");
        asReader().when().get("/v1/datasets/quar-a/quarantine?status=REPLAYED").then().statusCode(200)
            .body("total", equalTo(1)).body("records[0].position", equalTo(3))
            .body("records[0].replayRun", equalTo(replayRun));
        asReader().when().get("/v1/datasets/quar-a/quarantine?status=QUARANTINED").then().statusCode(200)
            .body("total", equalTo(3));
        // a second replay finds nothing new to store
        given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON).body("{}")
            .when().post("/v1/datasets/quar-a/quarantine/replay").then().statusCode(200)
            .body("rowsRead", equalTo(3)).body("rowsStored", equalTo(0));
        asReader().when().get("/v1/runs/" + replayRun).then().statusCode(200)
            .body("rowsStored", equalTo(1)).body("status", equalTo("SUCCEEDED"));
    }

    @Test
    void emitsEachRunAsAnOpenLineageRunEvent() throws Exception {
        put("quar-lineage", STRICT).statusCode(anyCreated());
        String csv = "id,age,score\nC1,30,1.5\nC2,10,1\n";
        String runId = upload("quar-lineage", csv).statusCode(200).extract().path("runId");
        asReader().when().get("/v1/runs/" + runId).then().statusCode(200)
            .body("rowsRead", equalTo(2)).body("rowsStored", equalTo(1)).body("rowsQuarantined", equalTo(1))
            .body("bytesRead", greaterThan(0)).body("inputSha256", matchesPattern("[0-9a-f]{64}"))
            .body("failure", nullValue());
        asReader().when().get("/v1/runs/" + runId + "/lineage").then().statusCode(200)
            .body("eventType", equalTo("COMPLETE"))
            .body("run.runId", equalTo(runId))
            .body("job.namespace", equalTo("meridian"))
            .body("job.name", startsWith("ingest.quar-lineage."))
            .body("inputs[0].inputFacets.inputStatistics.rowCount", equalTo(2))
            .body("inputs[0].facets.meridian_checksum.value", matchesPattern("[0-9a-f]{64}"))
            .body("outputs.name", containsInAnyOrder("quar-lineage", "quar-lineage.quarantine"))
            .body("producer", containsString("http"));
        try (TopicReader reader = new TopicReader(Topics.INGEST_LINEAGE)) {
            ObjectMapper json = new ObjectMapper();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> reader.poll().stream()
                .anyMatch(r -> new String(r.value(), StandardCharsets.UTF_8).contains(runId)));
            ConsumerRecord<String, byte[]> record = reader.poll().stream()
                .filter(r -> new String(r.value(), StandardCharsets.UTF_8).contains(runId)).findFirst().orElseThrow();
            assertEquals("quar-lineage", record.key());
            JsonNode event = json.readTree(record.value());
            assertEquals("COMPLETE", event.get("eventType").asText());
            assertEquals(runId, event.at("/run/runId").asText());
            assertEquals(1, event.at("/run/facets/meridian_ingestion/rowsStored").asInt());
            assertTrue(event.has("eventTime"));
        }
    }

    @Test
    void listingErrors() {
        asReader().when().get("/v1/datasets/quar-nope/quarantine").then().statusCode(404);
        put("quar-b", STRICT).statusCode(anyCreated());
        asReader().when().get("/v1/datasets/quar-b/quarantine?runId=nope").then().statusCode(400)
            .body("field", equalTo("runId"));
        asReader().when().get("/v1/datasets/quar-b/quarantine?size=0").then().statusCode(400)
            .body("field", equalTo("size"));
        asReader().when().get("/v1/datasets/quar-b/quarantine?status=GONE").then().statusCode(400)
            .body("field", equalTo("status"));
        asReader().when().get("/v1/datasets/quar-b/quarantine").then().statusCode(200).body("total", equalTo(0))
            .body("records", hasSize(0));
        given().auth().oauth2(TestTokens.reader()).contentType(ContentType.JSON).body("{}")
            .when().post("/v1/datasets/quar-b/quarantine/replay").then().statusCode(403);
        given().auth().oauth2(TestTokens.writer()).contentType(ContentType.JSON).body("{}")
            .when().post("/v1/datasets/quar-nope/quarantine/replay").then().statusCode(404);
        asReader().when().get("/v1/runs/nope/lineage").then().statusCode(400);
    }

    static org.hamcrest.Matcher<Integer> anyCreated() {
        return org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201));
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
            .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

}
