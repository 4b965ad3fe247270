package io.meridian.inference.rest;

import java.util.Map;

import io.meridian.inference.model.Prediction;

/** A served prediction: score = P(positive class), probabilities by class label. */
public record PredictionResponse(String modelName, long modelVersion, double score, String label,
        Map<String, Double> probabilities, String predictionId) {

    static PredictionResponse of(Prediction p) {
        return new PredictionResponse(p.modelName(), p.modelVersion(), p.score(), p.label(), p.probabilities(),
            p.predictionId());
    }
}
