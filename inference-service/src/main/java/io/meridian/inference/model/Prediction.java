package io.meridian.inference.model;

import java.time.Instant;
import java.util.Map;

import io.meridian.data.v1.Value;

/**
 * One served prediction.
 *
 * @param features the registered inputs as received (extra request features are not kept)
 */
public record Prediction(String predictionId, String modelName, long modelVersion, double score, String label,
        Map<String, Double> probabilities, Map<String, Value> features, String requestId, String entityKey,
        Instant predictedAt, long latencyMicros) {
}
