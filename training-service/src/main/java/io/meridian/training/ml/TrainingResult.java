package io.meridian.training.ml;

import java.util.List;
import java.util.Map;

import org.tribuo.classification.sgd.linear.LinearSGDModel;

/**
 * A trained, evaluated and exported model.
 *
 * @param model the Tribuo model (trained on standardised features)
 * @param inputs feature names in the ONNX input column order
 * @param standardiser mean/std of the training split, in {@code inputs} order
 * @param positiveClass the class whose probability is the score (column 1 of the ONNX output)
 * @param negativeClass the other class (column 0)
 * @param ignoredFeatures columns not used as features
 * @param metrics holdout metrics
 * @param onnx the serialised ONNX model
 * @param parityMaxAbsDiff measured max |P_java - P_onnx| on the holdout
 * @param split the holdout split used
 * @param holdoutScores Java P(positive) of each holdout row, in {@code split.holdout()} order
 */
public record TrainingResult(LinearSGDModel model, List<String> inputs, Standardiser standardiser,
                             String positiveClass, String negativeClass, List<String> ignoredFeatures,
                             Map<String, Double> metrics, byte[] onnx, double parityMaxAbsDiff, HoldoutSplit split,
                             double[] holdoutScores) {
}
