package io.meridian.ingest.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.ingest.rest.TestContracts;
import io.meridian.ingest.v1.FieldType;
import io.meridian.ingest.v1.GetDatasetRequest;
import io.meridian.ingest.v1.GetDatasetResponse;
import io.meridian.ingest.v1.IngestServiceGrpc;
import io.meridian.ingest.v1.ReadRecordsRequest;
import io.meridian.ingest.v1.ReadRecordsResponse;
import io.meridian.ingest.v1.RunSummary;
import io.meridian.ingest.v1.UploadRecordsRequest;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** Calls the service's own gRPC endpoint (same port as HTTP) through a plain grpc-java channel. */
@QuarkusTest
class IngestGrpcServiceTest {
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A blocking stub sending {@code token} (null: none). */
    private IngestServiceGrpc.IngestServiceBlockingStub blockingStub(String token) {
        return GrpcUploads.withToken(IngestServiceGrpc.newBlockingStub(channel), token);
    }

    /** A blocking stub with a reader token: what every read needs. */
    private IngestServiceGrpc.IngestServiceBlockingStub reader() {
        return blockingStub(TestTokens.reader());
    }

    private static Record customer(String id, Value tenure, boolean churned) {
        return Record.newBuilder()
            .putFields("customer_id", Value.newBuilder().setStringValue(id).build())
            .putFields("tenure_months", tenure)
            .putFields("monthly_charges", Value.newBuilder().setDoubleValue(42.5).build())
            .putFields("churned", Value.newBuilder().setBoolValue(churned).build())
            .build();
    }

    private RunSummary upload(String token, List<UploadRecordsRequest> messages) throws Exception {
        return GrpcUploads.upload(channel, token, messages, java.time.Duration.ofSeconds(30));
    }

    @Test
    void uploadThenReadRoundTrip() throws Exception {
        TestContracts.createChurn("grpc-churn");
        List<Record> first = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            first.add(customer("G" + i, Value.newBuilder().setIntValue(i).build(), i % 2 == 0));
        }
        List<UploadRecordsRequest> messages = List.of(
            UploadRecordsRequest.newBuilder().setDataset("grpc-churn").addAllRecords(first).build(),
            UploadRecordsRequest.newBuilder()
                // text is coerced exactly as a CSV cell would be
                .addRecords(customer("G6", Value.newBuilder().setStringValue("6").build(), true))
                // wrong type: rejected with its row number
                .addRecords(customer("G7", Value.newBuilder().setStringValue("seven").build(), true))
                // missing required value: rejected
                .addRecords(customer("G8", Value.getDefaultInstance(), true))
                .build());
        RunSummary run = upload(TestTokens.writer(), messages);
        assertEquals(8, run.getRowsRead());
        assertEquals(6, run.getRowsStored());
        assertEquals(2, run.getRowsRejected());
        assertEquals(7, run.getRejections(0).getRowNumber());
        assertEquals("tenure_months", run.getRejections(0).getField());
        assertEquals(8, run.getRejections(1).getRowNumber());

        Iterator<ReadRecordsResponse> pages = reader()
            .readRecords(ReadRecordsRequest.newBuilder().setDataset("grpc-churn").setBatchSize(4).build());
        List<Record> read = new ArrayList<>();
        int pageCount = 0;
        while (pages.hasNext()) {
            ReadRecordsResponse page = pages.next();
            read.addAll(page.getRecordsList());
            assertEquals(List.of(run.getRunId()), page.getRunIdsList(), "the run that stored the page's records");
            pageCount++;
        }
        assertEquals(6, read.size());
        assertEquals(2, pageCount, "6 records in batches of 4");
        assertEquals("G1", read.get(0).getFieldsOrThrow("customer_id").getStringValue());
        assertEquals(1L, read.get(0).getFieldsOrThrow("tenure_months").getIntValue());
        assertEquals(42.5, read.get(0).getFieldsOrThrow("monthly_charges").getDoubleValue());
        assertEquals(6L, read.get(5).getFieldsOrThrow("tenure_months").getIntValue());
        assertTrue(read.get(1).getFieldsOrThrow("churned").getBoolValue());
        assertEquals(Value.KindCase.KIND_NOT_SET, read.get(0).getFieldsOrThrow("contract").getKindCase());
    }

    @Test
    void getDatasetReturnsTheContract() {
        TestContracts.createChurn("grpc-contract");
        GetDatasetResponse response = reader()
            .getDataset(GetDatasetRequest.newBuilder().setName("grpc-contract").build());
        assertEquals("customer_id", response.getContract().getKeyField());
        assertEquals("churned", response.getContract().getLabelField());
        assertEquals(FieldType.FIELD_TYPE_INTEGER, response.getContract().getFields(1).getType());
        assertEquals(1, response.getContract().getVersion());
    }

    @Test
    void unknownDatasetsAreNotFound() {
        StatusRuntimeException get = assertThrows(StatusRuntimeException.class, () -> reader()
            .getDataset(GetDatasetRequest.newBuilder().setName("grpc-nowhere").build()));
        assertEquals(Status.Code.NOT_FOUND, get.getStatus().getCode());
        assertTrue(get.getStatus().getDescription().contains("grpc-nowhere"));

        StatusRuntimeException read = assertThrows(StatusRuntimeException.class, () -> reader()
            .readRecords(ReadRecordsRequest.newBuilder().setDataset("grpc-nowhere").build())
            .hasNext());
        assertEquals(Status.Code.NOT_FOUND, read.getStatus().getCode());

        StatusRuntimeException upload = assertThrows(StatusRuntimeException.class, () -> upload(TestTokens.writer(),
            List.of(UploadRecordsRequest.newBuilder().setDataset("grpc-nowhere").build())));
        assertEquals(Status.Code.NOT_FOUND, upload.getStatus().getCode());
    }

    @Test
    void anUploadMustNameItsDataset() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> upload(TestTokens.writer(),
            List.of(UploadRecordsRequest.newBuilder().addRecords(Record.getDefaultInstance()).build())));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("dataset"));
    }

    @Test
    void uploadsNeedAWriterToken() {
        TestContracts.createChurn("grpc-secured");
        List<UploadRecordsRequest> messages = List.of(UploadRecordsRequest.newBuilder().setDataset("grpc-secured")
            .addRecords(customer("S1", Value.newBuilder().setIntValue(1).build(), true)).build());
        StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> upload(null, messages));
        assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode(), anonymous.getStatus().toString());
        StatusRuntimeException reader = assertThrows(StatusRuntimeException.class,
            () -> upload(TestTokens.reader(), messages));
        assertEquals(Status.Code.PERMISSION_DENIED, reader.getStatus().getCode());
    }

    @Test
    void readsNeedAReaderOrWriterToken() {
        TestContracts.createChurn("grpc-read-secured");
        GetDatasetRequest get = GetDatasetRequest.newBuilder().setName("grpc-read-secured").build();
        ReadRecordsRequest read = ReadRecordsRequest.newBuilder().setDataset("grpc-read-secured").build();
        assertReadsDenied(null, get, read, Status.Code.UNAUTHENTICATED);
        assertReadsDenied(TestTokens.token("test-auditor", "auditor"), get, read, Status.Code.PERMISSION_DENIED);
        // a writer may read, also with a token that lacks the reader role
        IngestServiceGrpc.IngestServiceBlockingStub writerOnly = blockingStub(TestTokens.token("test-writer-only",
            "writer"));
        assertEquals("grpc-read-secured", writerOnly.getDataset(get).getContract().getName());
        assertEquals(List.of(), readAll(writerOnly, read));
    }

    @Test
    void readRecordsFiltersByRunAndByKey() throws Exception {
        TestContracts.createChurn("grpc-filter");
        Value one = Value.newBuilder().setIntValue(1).build();
        RunSummary first = upload(TestTokens.writer(), List.of(UploadRecordsRequest.newBuilder()
            .setDataset("grpc-filter").addRecords(customer("F1", one, true)).addRecords(customer("F2", one, false))
            .build()));
        RunSummary second = upload(TestTokens.writer(), List.of(UploadRecordsRequest.newBuilder()
            .setDataset("grpc-filter").addRecords(customer("F1", Value.newBuilder().setIntValue(2).build(), true))
            .build()));
        ReadRecordsRequest all = ReadRecordsRequest.newBuilder().setDataset("grpc-filter").setBatchSize(1).build();

        assertEquals(List.of("F1", "F2"), customerIds(readAll(reader(),
            all.toBuilder().setRunId(first.getRunId()).build())));
        List<Record> keyed = readAll(reader(), all.toBuilder().setKey("F1").build());
        assertEquals(List.of("F1", "F1"), customerIds(keyed));
        assertEquals(List.of(1L, 2L), keyed.stream().map(r -> r.getFieldsOrThrow("tenure_months").getIntValue())
            .toList());
        List<Record> both = readAll(reader(), all.toBuilder().setRunId(second.getRunId()).setKey("F1").build());
        assertEquals(1, both.size());
        assertEquals(2L, both.get(0).getFieldsOrThrow("tenure_months").getIntValue());
        assertEquals(List.of(), readAll(reader(), all.toBuilder().setKey("F9").build()));

        StatusRuntimeException bad = assertThrows(StatusRuntimeException.class,
            () -> reader().readRecords(all.toBuilder().setRunId("not-a-run").build()).hasNext());
        assertEquals(Status.Code.INVALID_ARGUMENT, bad.getStatus().getCode());
        assertTrue(bad.getStatus().getDescription().contains("run_id"), bad.getStatus().getDescription());
    }

    private void assertReadsDenied(String token, GetDatasetRequest get, ReadRecordsRequest read, Status.Code code) {
        StatusRuntimeException getDenied = assertThrows(StatusRuntimeException.class,
            () -> blockingStub(token).getDataset(get));
        assertEquals(code, getDenied.getStatus().getCode(), getDenied.getStatus().toString());
        StatusRuntimeException readDenied = assertThrows(StatusRuntimeException.class,
            () -> blockingStub(token).readRecords(read).hasNext());
        assertEquals(code, readDenied.getStatus().getCode(), readDenied.getStatus().toString());
    }

    /** Every record of every page of a ReadRecords stream. */
    private static List<Record> readAll(IngestServiceGrpc.IngestServiceBlockingStub stub, ReadRecordsRequest request) {
        List<Record> records = new ArrayList<>();
        stub.readRecords(request).forEachRemaining(page -> records.addAll(page.getRecordsList()));
        return records;
    }

    private static List<String> customerIds(List<Record> records) {
        return records.stream().map(r -> r.getFieldsOrThrow("customer_id").getStringValue()).toList();
    }
}
