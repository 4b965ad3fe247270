package io.meridian.inference.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.meridian.data.v1.Value;

/**
 * One served prediction (one row).
 *
 * @param score           binary: P(positive class); multiclass: P(label); regression: the predicted value
 * @param label           the predicted class; null for regression
 * @param probabilities   probability per class in class order; empty for regression
 * @param features        the registered inputs as received (missing ones and extra request features are not kept)
 * @param ignoredFeatures request features the model does not use, sorted
 */
public record Prediction(String predictionId, String modelName, long modelVersion, double score, String label,
        Map<String, Double> probabilities, Map<String, Value> features, List<String> ignoredFeatures, String requestId,
        String entityKey, Instant predictedAt, long latencyMicros) {

    public Prediction {
        ignoredFeatures = List.copyOf(ignoredFeatures);
    }
}
