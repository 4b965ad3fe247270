package io.meridian.inference.rest;

import java.util.List;

/** The predictions of a batch, one per request row in request order, all from the same model version. */
public record BatchPredictionResponse(String modelName, long modelVersion, List<PredictionResponse> predictions) {
}
