package io.meridian.inference.rest;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.meridian.inference.model.Prediction;

/**
 * A served prediction.
 *
 * @param score           binary: P(positive class); multiclass: P(label); regression: the predicted value
 * @param label           the predicted class (binary: after the model's threshold); absent for regression
 * @param probabilities   probability by class label; absent for regression
 * @param ignoredFeatures request features the model does not use (not scored, not published), sorted
 */
public record PredictionResponse(String modelName, long modelVersion, double score,
        @JsonInclude(JsonInclude.Include.NON_NULL) String label,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Map<String, Double> probabilities, String predictionId,
        List<String> ignoredFeatures) {

    static PredictionResponse of(Prediction p) {
        return new PredictionResponse(p.modelName(), p.modelVersion(), p.score(), p.label(), p.probabilities(),
            p.predictionId(), p.ignoredFeatures());
    }
}
