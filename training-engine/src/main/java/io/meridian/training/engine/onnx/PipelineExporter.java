package io.meridian.training.engine.onnx;

import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.prep.FittedPreprocessor;

/**
 * Writes preprocessing and model as one ONNX graph.
 *
 * <p>Graph contract (serving relies on it): one input per raw feature, named as the feature, shape [N, 1],
 * float for numeric and string for categorical features. Outputs: classification has {@value #LABEL} (string
 * [N]) and {@value #PROBABILITIES} (float [N, C], columns in {@link TrainedModel#classes()} order);
 * regression has {@value #VALUE} (float [N, 1]). A missing numeric value arrives as NaN; a missing categorical
 * value arrives as the empty string "" (string tensors have no null), which the graph treats exactly as the
 * Java transform treats null.
 */
public interface PipelineExporter {
    String LABEL = "label";
    String PROBABILITIES = "probabilities";
    String VALUE = "value";

    /** The serialised ModelProto. Throws {@link UnsupportedOperationException} for a model it cannot write. */
    byte[] export(FittedPreprocessor preprocessor, TrainedModel model, ExportOptions options);
}
