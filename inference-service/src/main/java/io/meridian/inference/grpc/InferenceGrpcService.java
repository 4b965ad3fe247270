package io.meridian.inference.grpc;

import java.util.List;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.meridian.inference.model.FeatureRow;
import io.meridian.inference.model.Prediction;
import io.meridian.inference.service.InvalidFeatureException;
import io.meridian.inference.service.ModelNotFoundException;
import io.meridian.inference.service.PredictionService;
import io.meridian.inference.v1.InferenceServiceGrpc;
import io.meridian.inference.v1.PredictBatchRequest;
import io.meridian.inference.v1.PredictBatchResponse;
import io.meridian.inference.v1.PredictRequest;
import io.meridian.inference.v1.PredictResponse;
import io.meridian.inference.v1.RecommendRequest;
import io.meridian.inference.v1.RecommendResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/**
 * gRPC {@code InferenceService}: the same prediction path as REST; errors are Status codes (INVALID_ARGUMENT
 * descriptions start with the field at fault, e.g. {@code features.plan: ...}).
 */
@GrpcService
public class InferenceGrpcService extends InferenceServiceGrpc.InferenceServiceImplBase {
    private final PredictionService predictions;

    public InferenceGrpcService(PredictionService predictions) {
        this.predictions = predictions;
    }

    @Override
    @Blocking
    public void predict(PredictRequest request, StreamObserver<PredictResponse> response) {
        if (request.getModelName().isBlank()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("model_name is required").asRuntimeException());
            return;
        }
        Prediction p;
        try {
            p = predictions.predict(request.getModelName(), request.getFeaturesMap(), request.getRequestId(),
                request.getEntityKey());
        } catch (RuntimeException e) {
            response.onError(status(e));
            return;
        }
        response.onNext(toResponse(p));
        response.onCompleted();
    }

    @Override
    @Blocking
    public void predictBatch(PredictBatchRequest request, StreamObserver<PredictBatchResponse> response) {
        if (request.getModelName().isBlank()) {
            response.onError(Status.INVALID_ARGUMENT.withDescription("model_name is required").asRuntimeException());
            return;
        }
        List<Prediction> batch;
        try {
            batch = predictions.predictBatch(request.getModelName(), request.getRowsList().stream()
                .map(row -> new FeatureRow(row.getFeaturesMap(), row.getEntityKey().isEmpty() ? null
                    : row.getEntityKey()))
                .toList(), request.getRequestId());
        } catch (RuntimeException e) {
            response.onError(status(e));
            return;
        }
        PredictBatchResponse.Builder out = PredictBatchResponse.newBuilder().setModelName(batch.get(0).modelName())
            .setModelVersion(batch.get(0).modelVersion());
        batch.forEach(p -> out.addPredictions(toResponse(p)));
        response.onNext(out.build());
        response.onCompleted();
    }

    private static PredictResponse toResponse(Prediction p) {
        PredictResponse.Builder out = PredictResponse.newBuilder().setModelName(p.modelName())
            .setModelVersion(p.modelVersion()).setScore(p.score()).putAllProbabilities(p.probabilities())
            .setPredictionId(p.predictionId()).addAllIgnoredFeatures(p.ignoredFeatures());
        if (p.label() != null) {
            out.setLabel(p.label());
        }
        return out.build();
    }

    private static StatusRuntimeException status(RuntimeException e) {
        if (e instanceof InvalidFeatureException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.field() + ": " + invalid.getMessage())
                .asRuntimeException();
        }
        if (e instanceof ModelNotFoundException) {
            return Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException();
        }
        return Status.INTERNAL.withDescription("prediction failed: " + e.getMessage()).asRuntimeException();
    }

    @Override
    public void recommend(RecommendRequest request, StreamObserver<RecommendResponse> response) {
        response.onError(Status.UNIMPLEMENTED.withDescription("Recommend is not available yet: no recommender model "
            + "is registered; this service serves binary classifiers through Predict for now.").asRuntimeException());
    }
}
