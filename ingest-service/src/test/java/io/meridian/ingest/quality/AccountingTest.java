package io.meridian.ingest.quality;

import static io.meridian.ingest.TestRequests.asReader;
import static io.meridian.ingest.quality.QuarantineResourceTest.put;
import static io.meridian.ingest.quality.QuarantineResourceTest.upload;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.ingest.grpc.GrpcUploads;
import io.meridian.ingest.v1.RunSummary;
import io.meridian.ingest.v1.UploadRecordsRequest;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

/** The accounting invariant read = stored + quarantined + deduplicated, for the CSV and gRPC paths. */
@QuarkusTest
class AccountingTest {
    private static final String CONTRACT = """
        {"fields":[{"name":"id","type":"string","required":true},{"name":"n","type":"integer","min":0}],
         "key":"id","deduplicate":{"keep":"first"}}""";

    @Test
    void csvRunsAccountForEveryRow() {
        put("acct-csv", CONTRACT).statusCode(201);
        Random random = new Random(11);
        StringBuilder csv = new StringBuilder("id,n\n");
        int rows = 1800;
        for (int i = 0; i < rows; i++) {
            int kind = random.nextInt(10);
            String id = "k" + (kind == 0 ? random.nextInt(50) : i);       // ~10% duplicates of a few keys
            String n = kind == 1 ? "-1" : kind == 2 ? "abc" : String.valueOf(i);
            csv.append(kind == 3 ? id + "," + n + ",extra-column\n" : id + "," + n + "\n");
        }
        String runId = upload("acct-csv", csv.toString()).statusCode(200).body("rowsRead", equalTo(rows))
            .extract().path("runId");
        JsonPath first = assertInvariant(runId, rows);
        // again: every key already stored is deduplicated now
        String second = upload("acct-csv", csv.toString()).statusCode(200).extract().path("runId");
        JsonPath run = assertInvariant(second, rows);
        assertEquals(0, run.getLong("rowsStored"));

        // the per-dataset, per-source, per-outcome counters agree with the two runs
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String outcome : List.of("stored", "quarantined", "deduplicated")) {
            String field = "rows" + Character.toUpperCase(outcome.charAt(0)) + outcome.substring(1);
            double expected = first.getLong(field) + run.getLong(field);
            assertEquals(expected, counter(metrics, "meridian_ingest_records_total{dataset=\"acct-csv\",outcome=\""
                + outcome + "\",source=\"csv\"}"), outcome);
        }
    }

    private static double counter(String metrics, String series) {
        return metrics.lines().filter(line -> line.startsWith(series + " ")).findFirst()
            .map(line -> Double.parseDouble(line.substring(series.length() + 1).split(" ")[0]))
            .orElse(0.0);
    }

    @Test
    void grpcRunsAccountForEveryRecord() throws Exception {
        put("acct-grpc", CONTRACT).statusCode(201);
        List<Record> records = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            Value n = i % 7 == 0 ? Value.newBuilder().setStringValue("x").build()
                : Value.newBuilder().setIntValue(i % 11 == 0 ? -5 : i).build();
            records.add(Record.newBuilder()
                .putFields("id", Value.newBuilder().setStringValue("g" + (i % 13 == 0 ? 0 : i)).build())
                .putFields("n", n).build());
        }
        ManagedChannel channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        try {
            List<UploadRecordsRequest> messages = new ArrayList<>();
            for (int from = 0; from < records.size(); from += 100) {
                UploadRecordsRequest.Builder message = UploadRecordsRequest.newBuilder()
                    .addAllRecords(records.subList(from, from + 100));
                if (from == 0) {
                    message.setDataset("acct-grpc");
                }
                messages.add(message.build());
            }
            RunSummary summary = GrpcUploads.upload(channel, TestTokens.writer(), messages, Duration.ofSeconds(60));
            assertEquals(1200, summary.getRowsRead());
            JsonPath run = assertInvariant(summary.getRunId(), 1200);
            assertEquals(summary.getRowsStored(), run.getLong("rowsStored"));
            assertEquals(summary.getRowsRejected(), run.getLong("rowsQuarantined"));
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static JsonPath assertInvariant(String runId, long read) {
        JsonPath run = asReader().when().get("/v1/runs/" + runId).then().statusCode(200).extract().jsonPath();
        long stored = run.getLong("rowsStored");
        long quarantined = run.getLong("rowsQuarantined");
        long deduplicated = run.getLong("rowsDeduplicated");
        assertEquals(read, run.getLong("rowsRead"));
        assertEquals(read, stored + quarantined + deduplicated, "read = stored + quarantined + deduplicated");
        assertEquals(quarantined, run.getLong("rowsRejected"));
        long inQuarantine = asReader().when().get("/v1/datasets/" + run.getString("dataset") + "/quarantine?runId="
            + runId + "&size=1").then().statusCode(200).extract().jsonPath().getLong("total");
        assertEquals(quarantined, inQuarantine, "every quarantined record is in the quarantine");
        if (deduplicated == 0 && quarantined == 0) {
            throw new AssertionError("the data should exercise every outcome");
        }
        return run;
    }
}
