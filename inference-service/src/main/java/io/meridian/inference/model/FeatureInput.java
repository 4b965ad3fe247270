package io.meridian.inference.model;

/** One registered model input: a feature name and its registered type ("float", ...). */
public record FeatureInput(String name, String type) {
}
