package io.meridian.training.engine.onnx;

import java.util.Map;

/**
 * How the pipeline is written.
 *
 * @param graphName the ONNX graph name
 * @param modelVersion written into the ModelProto
 * @param threshold for {@code BINARY}: the label output is the positive class when P(positive) >= threshold;
 *                  NaN for other tasks (the label is the arg-max class)
 * @param metadata written as ModelProto metadata_props
 */
public record ExportOptions(String graphName, long modelVersion, double threshold, Map<String, String> metadata) {
    public ExportOptions {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
