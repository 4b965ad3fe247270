package io.meridian.training.engine.metrics;

import java.util.Arrays;
import java.util.Map;

/**
 * The model a useless model should be compared with, fitted on the training part only: classification predicts
 * the training class priors for every row (so its label is the majority class), regression the training mean.
 */
public final class Baseline {
    private Baseline() {
    }

    /** Training class shares, in class order. */
    public static double[] priors(int[] trainClasses, int classes) {
        double[] prior = new double[classes];
        for (int c : trainClasses) {
            prior[c]++;
        }
        for (int c = 0; c < classes; c++) {
            prior[c] /= trainClasses.length;
        }
        return prior;
    }

    /** Metrics of predicting {@code prior} for every validation row. */
    public static Map<String, Double> classification(double[] prior, int[] validationClasses, int positive,
                                                     double threshold) {
        double[][] proba = new double[validationClasses.length][];
        Arrays.fill(proba, prior);
        return ClassificationMetrics.compute(validationClasses, proba, positive, threshold);
    }

    /** Metrics of predicting the training mean for every validation row. */
    public static Map<String, Double> regression(double[] trainValues, double[] validationValues) {
        double mean = Arrays.stream(trainValues).average().orElse(Double.NaN);
        double[] predicted = new double[validationValues.length];
        Arrays.fill(predicted, mean);
        return RegressionMetrics.compute(validationValues, predicted);
    }
}
