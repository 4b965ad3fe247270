package io.meridian.inference.model;

import java.util.Map;

import io.meridian.data.v1.Value;

/**
 * One row to score.
 *
 * @param features  feature values by name (absent or null = missing)
 * @param entityKey optional entity (customer, device) the row is about; null if none
 */
public record FeatureRow(Map<String, Value> features, String entityKey) {
    public FeatureRow {
        features = features == null ? Map.of() : features;
    }
}
