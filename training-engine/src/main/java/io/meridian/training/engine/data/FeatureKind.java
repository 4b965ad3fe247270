package io.meridian.training.engine.data;

/** How a raw feature enters the pipeline: numeric values as float, categorical values as strings. */
public enum FeatureKind {
    NUMERIC,
    CATEGORICAL
}
