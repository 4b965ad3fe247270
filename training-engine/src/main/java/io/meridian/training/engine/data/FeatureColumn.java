package io.meridian.training.engine.data;

import java.util.Objects;

/** A raw named feature and its kind; the ONNX graph has one input of this name. */
public record FeatureColumn(String name, FeatureKind kind) {
    public FeatureColumn {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
    }
}
