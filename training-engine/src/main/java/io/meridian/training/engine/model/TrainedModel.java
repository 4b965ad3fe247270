package io.meridian.training.engine.model;

import java.util.List;
import java.util.Map;

import io.meridian.training.engine.data.Task;

/** A model fitted on the preprocessed matrix. Implementations are immutable and thread-safe for predict. */
public interface TrainedModel {
    String algorithm();

    Task task();

    /** For classification the class names in output column order; empty for regression. */
    List<String> classes();

    /** Model input column names (the preprocessor's output names), in matrix column order. */
    List<String> inputNames();

    /**
     * Predicts a batch: {@code [N][classes().size()]} class probabilities for classification (rows sum to 1),
     * {@code [N][1]} values for regression. Inputs are rounded to float first, as the ONNX graph sees them.
     */
    double[][] predict(double[][] x);

    /** The model's own importance (coefficients or tree gain), ranked by importance descending. */
    List<FeatureImportance> importance();

    /** The resolved hyperparameters the model was trained with, as text. */
    Map<String, String> hyperparameters();

    /** Tribuo provenance of the trained model as JSON text (for the registry's metadata). */
    String provenanceJson();
}
