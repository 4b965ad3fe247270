package io.meridian.inference.rest;

import java.time.Instant;
import java.util.List;

import io.meridian.inference.model.FeatureInput;
import io.meridian.inference.model.LoadedModel;

/** The version of a model this replica serves. */
public record ModelInfo(String modelName, long version, List<FeatureInput> inputs, String positiveClass,
        String artifactSha256, Instant loadedAt) {

    static ModelInfo of(LoadedModel m) {
        return new ModelInfo(m.name(), m.version(), m.inputs(), m.positiveClass(), m.artifactSha256(), m.loadedAt());
    }
}
