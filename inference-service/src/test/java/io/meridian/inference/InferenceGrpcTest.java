package io.meridian.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.meridian.inference.v1.PredictRequest;
import io.meridian.inference.v1.PredictResponse;
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
    void predictsWithTheSameScoreAsADirectOnnxRun() throws Exception {
        PredictResponse response = stub.predict(PredictRequest.newBuilder().setModelName("fraud")
            .putFeatures("amount", Value.newBuilder().setIntValue(480).build())
            .putFeatures("foreign", Value.newBuilder().setBoolValue(true).build())
            .setRequestId("grpc-1").build());
        double expected = TestSupport.directScore(TestModels.FRAUD_V1, 480f, 1f);
        assertEquals("fraud", response.getModelName());
        assertEquals(1, response.getModelVersion());
        assertEquals(expected, response.getScore(), 1e-6);
        assertEquals(expected >= 0.5 ? "fraud" : "legit", response.getLabel());
        assertEquals(expected, response.getProbabilitiesOrThrow("fraud"), 1e-6);
        assertFalse(response.getPredictionId().isEmpty());
    }

    @Test
    void missingFeatureIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("fraud")
                .putFeatures("amount", Value.newBuilder().setDoubleValue(3).build()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("foreign"), e.getStatus().getDescription());
    }

    @Test
    void stringFeatureIsInvalidArgument() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("fraud")
                .putFeatures("amount", Value.newBuilder().setStringValue("ten").build())
                .putFeatures("foreign", Value.newBuilder().setBoolValue(false).build()).build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, e.getStatus().getCode());
    }

    @Test
    void unknownModelIsNotFound() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.predict(
            PredictRequest.newBuilder().setModelName("nope").build()));
        assertEquals(Status.Code.NOT_FOUND, e.getStatus().getCode());
    }

    @Test
    void recommendIsUnimplementedWithAReason() {
        StatusRuntimeException e = assertThrows(StatusRuntimeException.class, () -> stub.recommend(
            RecommendRequest.newBuilder().setUserId("u1").build()));
        assertEquals(Status.Code.UNIMPLEMENTED, e.getStatus().getCode());
        assertTrue(e.getStatus().getDescription().contains("no recommender model"), e.getStatus().getDescription());
    }
}
