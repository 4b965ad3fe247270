package io.meridian.ingest.rest;

import static io.meridian.ingest.TestRequests.asReader;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.meridian.ingest.TestSql;
import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.RecordIngested;
import io.meridian.testing.ChurnData;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;

@QuarkusTest
class UploadResourceTest {
    private static final String PROBLEM = "application/problem+json";

    @Inject
    DataSource dataSource;

    private static ValidatableResponse upload(String dataset, String csv) {
        return given().auth().oauth2(TestTokens.writer()).contentType("text/csv")
            .body(csv.getBytes(StandardCharsets.UTF_8))
            .when().post("/v1/datasets/" + dataset + "/records").then();
    }

    @Test
    void storesAndPublishesEveryGoodRow() throws Exception {
        TestContracts.createChurn("upload-churn");
        String runId = upload("upload-churn", ChurnData.csv(200, 7))
            .statusCode(200)
            .body("dataset", equalTo("upload-churn"))
            .body("contractVersion", equalTo(1))
            .body("rowsRead", equalTo(200))
            .body("rowsStored", equalTo(200))
            .body("rowsRejected", equalTo(0))
            .body("rejections", empty())
            .extract().path("runId");

        assertEquals(200, count("SELECT count(*) FROM curated_record WHERE run_id = ?::uuid", runId));
        assertEquals(1, count("SELECT count(*) FROM curated_record WHERE run_id = ?::uuid AND record_key = 'C000001' "
            + "AND row_number = 1 AND contract_version = 1 AND record_values::json->>'contract' IS NOT NULL", runId));

        asReader().when().get("/v1/runs/" + runId).then().statusCode(200)
            .body("runId", equalTo(runId)).body("rowsStored", equalTo(200)).body("status", equalTo("SUCCEEDED"));

        try (TopicReader topic = new TopicReader(Topics.INGEST_RECORDS)) {
            Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> ofRun(topic.poll(), runId).size() == 200);
            List<ConsumerRecord<String, byte[]>> events = ofRun(topic.poll(), runId);
            assertEquals(200, events.size());
            ConsumerRecord<String, byte[]> first = events.stream()
                .filter(e -> "upload-churn/C000001".equals(e.key())).findFirst().orElseThrow();
            assertEquals(EventTypes.RECORD_INGESTED, header(first, "ce_type"));
            assertEquals("1.0", header(first, "ce_specversion"));
            assertEquals("/meridian/ingest-service", header(first, "ce_source"));
            assertEquals(null, header(first, "ce_subject"), "the key is not repeated in a header");
            assertEquals(EventTypes.PROTOBUF_CONTENT_TYPE, header(first, "content-type"));
            assertEquals(runId + ":1", header(first, "ce_id"), "the event id is <run>:<position>");
            assertTrue(header(first, "ce_time") != null);
            RecordIngested event = RecordIngested.parseFrom(first.value());
            assertEquals("upload-churn", event.getDataset());
            assertEquals(1, event.getContractVersion());
            assertEquals("C000001", event.getRecordKey());
            assertEquals(1, event.getRowNumber());
            assertTrue(event.getRecord().getFieldsOrThrow("tenure_months").hasIntValue());
            assertTrue(event.getRecord().getFieldsOrThrow("monthly_charges").hasDoubleValue());
            assertTrue(event.getRecord().getFieldsOrThrow("churned").hasBoolValue());
            assertEquals(7, event.getRecord().getFieldsCount());
        }

        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.contains(
            "meridian_ingest_records_total{dataset=\"upload-churn\",outcome=\"stored\",source=\"csv\"} 200.0"),
            "stored counter for the dataset");
    }

    @Test
    void rejectsBadRowsWithRowNumbersAndStoresTheGoodOnes() {
        TestContracts.createChurn("upload-mixed");
        String csv = ChurnData.HEADER + ",extra_column\r\n"
            + "A1,12,80.5,1,month-to-month,yes,no,ignored\r\n"                // 1 good (yes/no booleans)
            + "A2,\"12,80.5,1,month-to-month,true,false,x\r\n"               // 2 unbalanced quote
            + "A3,twelve,80.5,1,one-year,true,false,x\r\n"                  // 3 wrong type
            + "A4,,80.5,1,one-year,true,false,x\r\n"                        // 4 missing required value
            + "A5,5,80.5,1\r\n"                                             // 5 wrong column count
            + "A6,5,NaN,1,one-year,true,false,x\r\n"                        // 6 decimal must be finite
            + ",5,1.5,1,one-year,true,false,x\r\n"                          // 7 missing key
            + "\"A8\",7,\"1.5\",0,\"two-year, with comma\",0,1,x\r\n";      // 8 good, quoted
        String runId = upload("upload-mixed", csv)
            .statusCode(200)
            .body("rowsRead", equalTo(8))
            .body("rowsStored", equalTo(2))
            .body("rowsRejected", equalTo(6))
            .body("rejections", hasSize(6))
            .body("rejections[0].row", equalTo(2))
            .body("rejections[0].field", equalTo(""))
            .body("rejections[0].reason", containsString("quot"))
            .body("rejections[1].row", equalTo(3))
            .body("rejections[1].field", equalTo("tenure_months"))
            .body("rejections[1].reason", containsString("not an integer"))
            .body("rejections[2].row", equalTo(4))
            .body("rejections[2].field", equalTo("tenure_months"))
            .body("rejections[2].reason", containsString("missing"))
            .body("rejections[3].row", equalTo(5))
            .body("rejections[3].reason", containsString("expected 8 columns"))
            .body("rejections[4].row", equalTo(6))
            .body("rejections[4].field", equalTo("monthly_charges"))
            .body("rejections[5].row", equalTo(7))
            .body("rejections[5].field", equalTo("customer_id"))
            .extract().path("runId");

        Map<String, Long> stored = keysOfRun(runId);
        assertEquals(Map.of("A1", 1L, "A8", 8L), stored);
        asReader().when().get("/v1/runs/" + runId).then().statusCode(200)
            .body("rowsRead", equalTo(8)).body("rowsRejected", equalTo(6))
            .body("rejections[3].row", equalTo(5));
    }

    @Test
    void aHeaderWithoutARequiredColumnRejectsTheUpload() {
        TestContracts.createChurn("upload-header");
        upload("upload-header", "customer_id,monthly_charges,churned\nC1,1.5,true\n")
            .statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("tenure_months"))
            .body("detail", containsString("tenure_months"));
    }

    @Test
    void aHeaderNamingAColumnTwiceRejectsTheUpload() {
        TestContracts.createChurn("upload-dup-header");
        upload("upload-dup-header", ChurnData.HEADER + ",churned\n")
            .statusCode(400).contentType(PROBLEM).body("field", equalTo("churned"))
            .body("detail", containsString("twice"));
    }

    @Test
    void duplicateKeysInOneUploadAreBothStoredForNow() throws SQLException {
        TestContracts.createChurn("upload-dup-key");
        String runId = upload("upload-dup-key", "customer_id,tenure_months,churned\nD1,1,true\nD1,2,false\n")
            .statusCode(200).body("rowsStored", equalTo(2)).extract().path("runId");
        assertEquals(2, count("SELECT count(*) FROM curated_record WHERE run_id = ?::uuid AND record_key = 'D1'", runId));
    }

    @Test
    void onlySupportedFormatsAreAccepted() {
        TestContracts.createChurn("upload-json");
        given().auth().oauth2(TestTokens.writer()).contentType("application/pdf").body(new byte[] {'%'})
            .when().post("/v1/datasets/upload-json/records").then().statusCode(415).contentType(PROBLEM);
    }

    @Test
    void optionalColumnsMayBeLeftOutAndBomIsStripped() {
        TestContracts.createChurn("upload-optional");
        upload("upload-optional", "\uFEFFcustomer_id,tenure_months,churned\r\nC1,3,TRUE\r\nC2,4,0")
            .statusCode(200).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(0));
    }

    @Test
    void anEmptyBodyIsA400AndAHeaderOnlyBodyAnEmptyRun() {
        TestContracts.createChurn("upload-empty");
        upload("upload-empty", "").statusCode(400).contentType(PROBLEM)
            .body("field", equalTo("body")).body("detail", containsString("empty"));
        upload("upload-empty", ChurnData.HEADER + "\n").statusCode(200)
            .body("rowsRead", equalTo(0)).body("rowsStored", equalTo(0)).body("rowsRejected", equalTo(0));
    }

    @Test
    void aRowOverTheLineLimitIsRejectedNotBuffered() {
        TestContracts.createChurn("upload-long");
        String huge = "L1,1,1.0,1," + "x".repeat(1_100_000) + ",true,false\n";
        upload("upload-long", ChurnData.HEADER + "\n" + huge + "L2,2,2.0,0,one-year,false,true\n")
            .statusCode(200)
            .body("rowsRead", equalTo(2)).body("rowsStored", equalTo(1))
            .body("rejections[0].row", equalTo(1))
            .body("rejections[0].reason", containsString("limit of 1048576"));
    }

    @Test
    void unknownDatasetIsA404Problem() {
        upload("upload-nowhere", ChurnData.csv(2, 1)).statusCode(404).contentType(PROBLEM)
            .body("detail", containsString("upload-nowhere"));
    }

    @Test
    void uploadingNeedsAWriterToken() {
        TestContracts.createChurn("upload-secured");
        given().contentType("text/csv").body(ChurnData.csv(2, 1))
            .when().post("/v1/datasets/upload-secured/records").then().statusCode(401).contentType(PROBLEM);
        given().auth().oauth2(TestTokens.reader()).contentType("text/csv").body(ChurnData.csv(2, 1))
            .when().post("/v1/datasets/upload-secured/records").then().statusCode(403).contentType(PROBLEM);
    }

    @Test
    void unknownRunIsA404AndABadRunIdA400() {
        asReader().when().get("/v1/runs/00000000-0000-0000-0000-000000000000").then().statusCode(404)
            .contentType(PROBLEM);
        asReader().when().get("/v1/runs/not-a-uuid").then().statusCode(400).body("field", equalTo("runId"));
    }

    @Test
    void batchesWrittenTwoAtATimeKeepTheirOrderInTheTableAndOnTheTopic() throws Exception {
        // 12,000 rows: three batches of the default 5,000, two of them in flight at once
        TestContracts.createChurn("upload-order");
        int rows = 12_000;
        String runId = upload("upload-order", ChurnData.csv(rows, 11)).statusCode(200)
            .body("rowsStored", equalTo(rows)).extract().path("runId");

        List<Long> byId = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT row_number FROM curated_record WHERE run_id = ?::uuid ORDER BY id")) {
            ps.setString(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byId.add(rs.getLong(1));
                }
            }
        }
        assertEquals(rows, byId.size());
        for (int i = 0; i < rows; i++) {
            assertEquals(i + 1, byId.get(i), "record ids ascend with the rows, across batches");
        }

        try (TopicReader topic = new TopicReader(Topics.INGEST_RECORDS)) {
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ofRun(topic.poll(), runId).size() >= rows);
            List<ConsumerRecord<String, byte[]>> events = ofRun(topic.poll(), runId); // in offset order per partition
            assertEquals(rows, events.size());
            Map<Integer, Long> lastRowByPartition = new java.util.HashMap<>();
            for (ConsumerRecord<String, byte[]> event : events) {
                long row = RecordIngested.parseFrom(event.value()).getRowNumber();
                Long before = lastRowByPartition.put(event.partition(), row);
                assertTrue(before == null || before < row, "partition " + event.partition() + ": row " + row
                    + " after row " + before);
            }
        }
    }

    private static List<ConsumerRecord<String, byte[]>> ofRun(List<ConsumerRecord<String, byte[]>> all, String runId) {
        return all.stream().filter(r -> {
            try {
                return RecordIngested.parseFrom(r.value()).getRunId().equals(runId);
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }).collect(Collectors.toList());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private long count(String sql, String runId) throws SQLException {
        return TestSql.count(dataSource, sql, runId);
    }

    private Map<String, Long> keysOfRun(String runId) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT record_key, row_number FROM curated_record WHERE run_id = ?::uuid")) {
            ps.setString(1, runId);
            Map<String, Long> out = new java.util.HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
