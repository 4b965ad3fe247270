package io.meridian.feature;

import static io.meridian.feature.IngestEvents.event;
import static io.meridian.feature.IngestEvents.integer;
import static io.meridian.feature.IngestEvents.send;
import static io.meridian.feature.IngestEvents.str;
import static io.meridian.feature.IngestEvents.timestamp;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.data.v1.Value;
import io.meridian.features.v1.EntityFeatures;
import io.meridian.features.v1.FeatureServiceGrpc;
import io.meridian.features.v1.GetOnlineFeaturesRequest;
import io.meridian.features.v1.GetOnlineFeaturesResponse;
import io.meridian.features.v1.ReadTrainingSetRequest;
import io.meridian.features.v1.ReadTrainingSetResponse;
import io.meridian.features.v1.TrainingRow;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** FeatureService over a real gRPC channel to the application's HTTP port (gRPC shares it). */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeatureGrpcServiceTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DATASET = "grpc-churn";
    private static final Instant T1 = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant T2 = Instant.parse("2025-02-01T00:00:00Z");

    @TestHTTPResource("/")
    URL url;

    private ManagedChannel channel;
    private FeatureServiceGrpc.FeatureServiceBlockingStub features;

    private boolean seeded;

    /** Seeds once; in @BeforeEach because REST Assured points at the application only from then on. */
    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        features = FeatureServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        // keys sent out of order; c-2 has a second version at T2
        send(event(DATASET, "run-1", 1, "c-3", T1, Map.of("tenure", integer(30), "plan", str("basic"))));
        send(event(DATASET, "run-1", 2, "c-1", T1, Map.of("tenure", integer(10), "plan", str("pro"))));
        send(event(DATASET, "run-1", 3, "c-2", T1, Map.of("tenure", integer(20), "plan", str("basic"))));
        send(event(DATASET, "run-2", 1, "c-2", T2, Map.of("tenure", integer(21), "plan", str("pro"))));
        send(event(DATASET, "run-2", 2, "c-4", T2, Map.of("tenure", integer(40), "plan", str("basic"))));
        await().atMost(WAIT).untilAsserted(() -> given().when().get("/v1/datasets/{d}", DATASET).then()
                .statusCode(200).body("rows", equalTo(5)));
    }

    @AfterAll
    void closeChannel() throws InterruptedException {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void trainingSetIsLatestRowPerEntityInKeyOrder() {
        List<TrainingRow> rows = read(ReadTrainingSetRequest.newBuilder().setDataset(DATASET).build());

        assertEquals(List.of("c-1", "c-2", "c-3", "c-4"), rows.stream().map(TrainingRow::getEntityKey).toList());
        TrainingRow c2 = rows.get(1);
        assertEquals(21, c2.getValues().getFieldsOrThrow("tenure").getIntValue());
        assertEquals("pro", c2.getValues().getFieldsOrThrow("plan").getStringValue());
        assertEquals("run-2", c2.getRunId());
        assertEquals(timestamp(T2), c2.getEventTime());
    }

    @Test
    void asOfLeavesOutLaterRows() {
        List<TrainingRow> rows = read(ReadTrainingSetRequest.newBuilder().setDataset(DATASET)
                .setAsOf(timestamp(T1.plusSeconds(86_400))).build());

        assertEquals(List.of("c-1", "c-2", "c-3"), rows.stream().map(TrainingRow::getEntityKey).toList());
        TrainingRow c2 = rows.get(1);
        assertEquals(20, c2.getValues().getFieldsOrThrow("tenure").getIntValue());
        assertEquals("run-1", c2.getRunId());
    }

    @Test
    void asOfBeforeEverythingIsAnEmptyStream() {
        assertTrue(read(ReadTrainingSetRequest.newBuilder().setDataset(DATASET)
                .setAsOf(timestamp(T1.minusSeconds(1))).build()).isEmpty());
    }

    @Test
    void rowsComeInBatchesOfTheRequestedSize() {
        List<ReadTrainingSetResponse> batches = new ArrayList<>();
        features.readTrainingSet(ReadTrainingSetRequest.newBuilder().setDataset(DATASET).setBatchSize(3).build())
                .forEachRemaining(batches::add);

        assertEquals(List.of(3, 1), batches.stream().map(ReadTrainingSetResponse::getRowsCount).toList());
        assertEquals("c-4", batches.get(1).getRows(0).getEntityKey());
    }

    @Test
    void projectionReturnsOnlyTheRequestedFeatures() {
        List<TrainingRow> rows = read(ReadTrainingSetRequest.newBuilder().setDataset(DATASET)
                .addFeatures("tenure").build());

        assertEquals(4, rows.size());
        for (TrainingRow row : rows) {
            assertEquals(List.of("tenure"), List.copyOf(row.getValues().getFieldsMap().keySet()));
        }
    }

    @Test
    void unknownDatasetIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> read(ReadTrainingSetRequest.newBuilder().setDataset("no-such-dataset").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("no-such-dataset"));
    }

    @Test
    void emptyDatasetNameIsInvalid() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> read(ReadTrainingSetRequest.newBuilder().build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void unknownProjectedFeatureIsInvalid() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> read(ReadTrainingSetRequest.newBuilder().setDataset(DATASET).addFeatures("shoe_size").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("shoe_size"));
    }

    @Test
    void negativeBatchSizeIsInvalid() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> read(ReadTrainingSetRequest.newBuilder().setDataset(DATASET).setBatchSize(-1).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void onlineFeaturesFindKnownKeysOnly() {
        GetOnlineFeaturesResponse response = features.getOnlineFeatures(GetOnlineFeaturesRequest.newBuilder()
                .setDataset(DATASET).addEntityKeys("c-2").addEntityKeys("nobody").addFeatures("tenure").build());

        assertEquals(2, response.getEntitiesCount());
        EntityFeatures c2 = response.getEntities(0);
        assertEquals("c-2", c2.getEntityKey());
        assertTrue(c2.getFound());
        assertEquals(Map.of("tenure", Value.newBuilder().setIntValue(21).build()), c2.getValues().getFieldsMap());
        EntityFeatures nobody = response.getEntities(1);
        assertEquals("nobody", nobody.getEntityKey());
        assertFalse(nobody.getFound());
    }

    @Test
    void onlineFeaturesOfAnUnknownDatasetAreNotFound() {
        GetOnlineFeaturesResponse response = features.getOnlineFeatures(GetOnlineFeaturesRequest.newBuilder()
                .setDataset("no-such-dataset").addEntityKeys("c-1").build());

        assertFalse(response.getEntities(0).getFound());
    }

    @Test
    void onlineFeaturesWithoutDatasetAreInvalid() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                () -> features.getOnlineFeatures(GetOnlineFeaturesRequest.newBuilder().addEntityKeys("c-1").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    private List<TrainingRow> read(ReadTrainingSetRequest request) {
        List<TrainingRow> rows = new ArrayList<>();
        features.readTrainingSet(request).forEachRemaining(r -> rows.addAll(r.getRowsList()));
        return rows;
    }
}
