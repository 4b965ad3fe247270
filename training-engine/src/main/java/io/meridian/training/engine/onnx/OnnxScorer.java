package io.meridian.training.engine.onnx;

import io.meridian.training.engine.data.Frame;

/** Runs an exported graph with ONNX Runtime on raw rows (the graph's named inputs come from the frame). */
public interface OnnxScorer {
    /**
     * Scores every row of the frame: {@code [N][C]} probabilities for classification, {@code [N][1]} values for
     * regression (the same shape as {@code TrainedModel.predict}).
     */
    double[][] score(byte[] onnx, Frame rows);

    /** The label output for each row (classification only). */
    String[] labels(byte[] onnx, Frame rows);
}
