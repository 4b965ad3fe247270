package io.meridian.inference.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meridian.inference.model.Prediction;
import io.meridian.inference.service.InvalidFeatureException;
import io.meridian.inference.service.ModelNotFoundException;
import io.meridian.inference.service.PredictionService;
import io.meridian.inference.v1.InferenceServiceGrpc;
import io.meridian.inference.v1.PredictRequest;
import io.meridian.inference.v1.PredictResponse;
import io.meridian.inference.v1.RecommendRequest;
import io.meridian.inference.v1.RecommendResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

/** gRPC {@code InferenceService}: the same prediction path as REST; errors are Status codes. */
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
        } catch (InvalidFeatureException e) {
            response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (ModelNotFoundException e) {
            response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            response.onError(Status.INTERNAL.withDescription("prediction failed: " + e.getMessage())
                .asRuntimeException());
            return;
        }
        response.onNext(PredictResponse.newBuilder().setModelName(p.modelName()).setModelVersion(p.modelVersion())
            .setScore(p.score()).setLabel(p.label()).putAllProbabilities(p.probabilities())
            .setPredictionId(p.predictionId()).build());
        response.onCompleted();
    }

    @Override
    public void recommend(RecommendRequest request, StreamObserver<RecommendResponse> response) {
        response.onError(Status.UNIMPLEMENTED.withDescription("Recommend is not available yet: no recommender model "
            + "is registered; this service serves binary classifiers through Predict for now.").asRuntimeException());
    }
}
