package io.meridian.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.data.v1.Value;
import io.meridian.inference.v1.InferenceServiceGrpc;
import io.meridian.inference.v1.PredictBatchRequest;
import io.meridian.inference.v1.PredictBatchResponse;
import io.meridian.inference.v1.PredictRequest;
import io.meridian.inference.v1.PredictResponse;
import io.meridian.inference.v1.PredictRow;
import io.meridian.inference.v1.RecommendRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

/** gRPC InferenceService on the HTTP port: same prediction path as REST, errors as Status codes. */
@QuarkusTest
class InferenceGrpcTest {
    private ManagedChannel channel;
    private InferenceServiceGrpc.InferenceServiceBlockingStub stub;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", RestAssured.port).usePlaintext().build();
        stub = InferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void predictsABinaryOneGraphModelLikeTheHandComputation() {
        PredictResponse response = stub.predict(PredictRequest.newBuilder().setModelName("churn")
            .putFeatures("tenure_months", intValue(20))
            .putFeatures("monthly_charges", Value.newBuilder().setDoubleValue(70).build())
            .putFeatures("support_calls", intValue(1))
            .putFeatures("contract", string("one-year"))
            .putFeatures("payment_method", string("check"))
            .putFeatures("nickname", string("bob"))
            .setRequestId("grpc-1").build());
        TestPipeline pipeline = response.getModelVersion() == 1 ? TestModels.CHURN_V1 : TestModels.CHURN_V2;
        TestPipeline.Expected expected = pipeline.expected(Map.of("tenure_months", 20, "monthly_charges", 70,
            "support_calls", 1, "contract", "one-year", "payment_method", "check"));
        assertEquals("churn", response.getModelName());
        assertEquals(expected.probabilities()[1], response.getScore(), 1e-6);
        assertEquals(expected.label(), response.getLabel());
        assertEquals(expected.probabilities()[0], response.getProbabilitiesOrThrow("no"), 1e-6);
        assertEquals(List.of("nickname"), response.getIgnoredFeaturesList());
        assertFalse(response.getPredictionId().isEmpty());
    }

    @Test
    void regressionHasAValueAndNoLabel() {
        PredictResponse response = stub.predict(PredictRequest.newBuilder().setModelName("housing")
            .putFeatures("sqft", intValue(1500)).putFeatures("rooms", intValue(4))
            .putFeatures("city", string("paris")).build());
        double expected = TestModels.HOUSING_V1.expected(Map.of("sqft", 1500, "rooms", 4, "city", "paris")).value();
        assertEquals(expected, response.getScore(), Math.abs(expected) * 1e-6);
        assertEquals("", response.getLabel());
        assertEquals(0, response.getProbabilitiesCount());
    }

    @Test
    void predictBatchScoresEveryRowOfAMulticlassModel() {
        PredictBatchResponse response = stub.predictBatch(PredictBatchRequest.newBuilder().setModelName("segment")
            .addRows(PredictRow.newBuilder().putFeatures("spend", intValue(40)).putFeatures("region", string("north"))
                .setEntityKey("c-1"))
            .addRows(PredictRow.newBuilder().putFeatures("spend", intValue(1400)).putFeatures("visits", intValue(12))
                .putFeatures("region", string("west")))
            .build());
        assertEquals(1, response.getModelVersion());
        assertEquals(2, response.getPredictionsCount());
        TestPipeline.Expected small = TestModels.SEGMENT_V1.expected(Map.of("spend", 40, "region", "north"));
        TestPipeline.Expected big = TestModels.SEGMENT_V1.expected(Map.of("spend", 1400, "visits", 12,
            "region", "west"));
        assertEquals(small.label(), response.getPredictions(0).getLabel());
        assertEquals(big.label(), response.getPredictions(1).getLabel());
        assertEquals(big.probabilities()[2], response.getPredictions(1).getProbabilitiesOrThrow("gold"), 1e-6);
    }

    @Test
    void predictBatchWithABadRowIsInvalidArgumentNamingTheRow() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predictBatch(
            PredictBatchRequest.newBuilder().setModelName("housing")
                .addRows(PredictRow.newBuilder().putFeatures("sqft", intValue(900)).putFeatures("city", string("lyon")))
                .addRows(PredictRow.newBuilder().putFeatures("city", string("lyon"))).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().startsWith("rows[1].features.sqft"), e.getStatus().getDescription());
        StatusRuntimeException empty = assertThrows(StatusRuntimeException.class, () -> stub.predictBatch(
            PredictBatchRequest.newBuilder().setModelName("housing").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, empty.getStatus().getCode());
    }

    @Test
    void missingRequiredFeatureIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("housing").putFeatures("city", string("lyon")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("sqft"), e.getStatus().getDescription());
    }

    @Test
    void unseenCategoryIsInvalidArgumentNamingFeatureAndValue() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("housing").putFeatures("sqft", intValue(900))
                .putFeatures("city", string("atlantis")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("features.city"), e.getStatus().getDescription());
        assertTrue(e.getStatus().getDescription().contains("'atlantis'"), e.getStatus().getDescription());
    }

    @Test
    void stringInANumericFeatureIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("housing").putFeatures("sqft", string("big"))
                .putFeatures("city", string("lyon")).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void unknownModelIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    private static Value intValue(long value) {
        return Value.newBuilder().setIntValue(value).build();
    }

    private static Value string(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }

    @Test
    void recommendIsUnimplementedWithAReason() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.recommend(
            RecommendRequest.newBuilder().setUserId("u1").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("no recommender model"), e.getStatus().getDescription());
    }
}
