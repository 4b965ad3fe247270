package io.meridian.inference.rest;

import java.time.Instant;
import java.util.List;

import io.meridian.inference.model.FeatureInput;
import io.meridian.inference.model.LoadedModel;
import io.meridian.inference.model.ModelSchema;

/**
 * The version of a model this replica serves and what it expects.
 *
 * @param task          binary, multiclass or regression
 * @param format        {@code named-inputs} (one graph input per feature) or {@code packed-features} (the
 *                      foundation's single float input)
 * @param inputs        registered inputs: name, type (float | string), levels, rejectUnseen, optional
 * @param classes       class labels in probability order (empty for regression)
 * @param positiveClass binary: the class whose probability is the score; null otherwise
 * @param threshold     binary: the decision threshold the label applies, when the registry records it
 */
public record ModelInfo(String modelName, long version, String task, String format, List<FeatureInput> inputs,
        List<String> classes, String positiveClass, Double threshold, String artifactSha256, Instant loadedAt) {

    static ModelInfo of(LoadedModel m) {
        ModelSchema schema = m.schema();
        return new ModelInfo(m.name(), m.version(), schema.task().tag(),
            schema.layout().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), schema.inputs(),
            schema.classes(), schema.positiveClass(), Double.isNaN(schema.threshold()) ? null : schema.threshold(),
            m.artifactSha256(), m.loadedAt());
    }
}
