package io.meridian.training.ml;

import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/** Holdout metrics of a binary classifier from the true classes and the predicted P(positive). */
public final class BinaryMetrics {
    private static final double CLIP = 1e-15;

    private BinaryMetrics() {
    }

    /**
     * Computes {@code accuracy} (threshold 0.5), {@code roc_auc} (only when the holdout has both classes),
     * {@code log_loss}, {@code positive_rate} (share of positives in the holdout) and
     * {@code baseline_accuracy} (always predicting the training split's majority class).
     */
    public static Map<String, Double> compute(boolean[] positive, double[] score, boolean majorityIsPositive) {
        int n = positive.length;
        int correct = 0;
        int positives = 0;
        double logLoss = 0;
        for (int i = 0; i < n; i++) {
            boolean predicted = score[i] >= 0.5;
            if (predicted == positive[i]) {
                correct++;
            }
            if (positive[i]) {
                positives++;
            }
            double p = Math.min(1 - CLIP, Math.max(CLIP, score[i]));
            logLoss -= positive[i] ? Math.log(p) : Math.log(1 - p);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("accuracy", (double) correct / n);
        double auc = rocAuc(positive, score);
        if (!Double.isNaN(auc)) {
            metrics.put("roc_auc", auc);
        }
        metrics.put("log_loss", logLoss / n);
        metrics.put("positive_rate", (double) positives / n);
        metrics.put("baseline_accuracy", (double) (majorityIsPositive ? positives : n - positives) / n);
        return metrics;
    }

    /** Area under the ROC curve (Mann-Whitney, ties get average ranks); NaN when one class is absent. */
    public static double rocAuc(boolean[] positive, double[] score) {
        int n = positive.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble(i -> score[i]));
        double positiveRankSum = 0;
        long positives = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            while (j + 1 < n && score[order[j + 1]] == score[order[i]]) {
                j++;
            }
            double averageRank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                if (positive[order[k]]) {
                    positiveRankSum += averageRank;
                    positives++;
                }
            }
            i = j + 1;
        }
        long negatives = n - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        return (positiveRankSum - positives * (positives + 1) / 2.0) / ((double) positives * negatives);
    }
}
