package io.meridian.training.ml;

/**
 * What the logistic regression pipeline needs beyond the data.
 *
 * @param seed seed of the holdout split and of SGD
 * @param holdoutFraction share of rows held out for evaluation, in (0, 1)
 * @param epochs SGD passes over the training split
 * @param learningRate AdaGrad initial learning rate
 * @param l2 L2 regularisation strength (0 = none)
 * @param minRows fewest labelled rows a job accepts
 * @param parityTolerance largest accepted |P_java - P_onnx| on the holdout
 */
public record TrainingParameters(long seed, double holdoutFraction, int epochs, double learningRate, double l2,
                                 int minRows, double parityTolerance) {
}
