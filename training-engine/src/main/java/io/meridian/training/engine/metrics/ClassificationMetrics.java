package io.meridian.training.engine.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Classification metrics of predicted probabilities against actual classes.
 *
 * <p>Binary ({@code positive >= 0}): a row is predicted positive when P(positive) is at least the threshold;
 * metrics are {@code accuracy, precision, recall, f1} (of the positive class), {@code roc_auc},
 * {@code pr_auc} (average precision), {@code log_loss} and {@code balanced_accuracy}. Multiclass
 * ({@code positive < 0}): the predicted class is the arg-max (first on ties); {@code precision, recall, f1} are
 * macro averages over the classes. Precision of a class never predicted is 0, as is F1 when precision and recall
 * are both 0. Log loss clips probabilities to [1e-15, 1 - 1e-15].
 */
public final class ClassificationMetrics {
    private static final double EPS = 1e-15;

    private ClassificationMetrics() {
    }

    /** The predicted class of each row. */
    public static int[] predict(double[][] proba, int positive, double threshold) {
        int[] out = new int[proba.length];
        for (int i = 0; i < proba.length; i++) {
            if (positive >= 0) {
                out[i] = proba[i][positive] >= threshold ? positive : 1 - positive;
            } else {
                int best = 0;
                for (int c = 1; c < proba[i].length; c++) {
                    if (proba[i][c] > proba[i][best]) {
                        best = c;
                    }
                }
                out[i] = best;
            }
        }
        return out;
    }

    /** Confusion counts, {@code [actual][predicted]}. */
    public static long[][] confusion(int[] actual, int[] predicted, int classes) {
        long[][] m = new long[classes][classes];
        for (int i = 0; i < actual.length; i++) {
            m[actual[i]][predicted[i]]++;
        }
        return m;
    }

    /**
     * All metrics of one set of predictions.
     *
     * @param actual class index per row
     * @param proba probabilities per row, one column per class
     * @param positive the positive class of a binary task, or -1 for multiclass
     * @param threshold the binary decision threshold (ignored for multiclass)
     */
    public static Map<String, Double> compute(int[] actual, double[][] proba, int positive, double threshold) {
        int classes = proba.length == 0 ? 0 : proba[0].length;
        int[] predicted = predict(proba, positive, threshold);
        long[][] m = confusion(actual, predicted, classes);
        Map<String, Double> out = new LinkedHashMap<>();
        long correct = 0;
        for (int c = 0; c < classes; c++) {
            correct += m[c][c];
        }
        out.put("accuracy", actual.length == 0 ? Double.NaN : (double) correct / actual.length);
        double[][] pc = perClassTable(m);
        if (positive >= 0) {
            out.put("precision", pc[positive][0]);
            out.put("recall", pc[positive][1]);
            out.put("f1", pc[positive][2]);
            boolean[] isPositive = new boolean[actual.length];
            double[] score = new double[actual.length];
            for (int i = 0; i < actual.length; i++) {
                isPositive[i] = actual[i] == positive;
                score[i] = proba[i][positive];
            }
            out.put("roc_auc", Curves.rocAuc(isPositive, score));
            out.put("pr_auc", Curves.averagePrecision(isPositive, score));
        } else {
            double p = 0;
            double r = 0;
            double f = 0;
            for (int c = 0; c < classes; c++) {
                p += pc[c][0];
                r += pc[c][1];
                f += pc[c][2];
            }
            out.put("precision", p / classes);
            out.put("recall", r / classes);
            out.put("f1", f / classes);
        }
        out.put("log_loss", logLoss(actual, proba));
        out.put("balanced_accuracy", balancedAccuracy(pc));
        return out;
    }

    /** Per class (in class order) precision, recall, F1 and support, keyed by class name. */
    public static Map<String, Map<String, Double>> perClass(long[][] confusion, List<String> classNames) {
        double[][] pc = perClassTable(confusion);
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        for (int c = 0; c < classNames.size(); c++) {
            Map<String, Double> row = new LinkedHashMap<>();
            row.put("precision", pc[c][0]);
            row.put("recall", pc[c][1]);
            row.put("f1", pc[c][2]);
            row.put("support", pc[c][3]);
            out.put(classNames.get(c), row);
        }
        return out;
    }

    /** Mean of -log P(actual class), probabilities clipped to [1e-15, 1 - 1e-15]. */
    public static double logLoss(int[] actual, double[][] proba) {
        double sum = 0;
        for (int i = 0; i < actual.length; i++) {
            double p = Math.min(1 - EPS, Math.max(EPS, proba[i][actual[i]]));
            sum -= Math.log(p);
        }
        return actual.length == 0 ? Double.NaN : sum / actual.length;
    }

    private static double balancedAccuracy(double[][] pc) {
        double sum = 0;
        int present = 0;
        for (double[] row : pc) {
            if (row[3] > 0) {
                sum += row[1];
                present++;
            }
        }
        return present == 0 ? Double.NaN : sum / present;
    }

    /** [class] -> {precision, recall, f1, support}. */
    private static double[][] perClassTable(long[][] m) {
        int k = m.length;
        double[][] out = new double[k][4];
        for (int c = 0; c < k; c++) {
            long tp = m[c][c];
            long actual = 0;
            long predicted = 0;
            for (int j = 0; j < k; j++) {
                actual += m[c][j];
                predicted += m[j][c];
            }
            double precision = predicted == 0 ? 0 : (double) tp / predicted;
            double recall = actual == 0 ? 0 : (double) tp / actual;
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            out[c] = new double[] {precision, recall, f1, actual};
        }
        return out;
    }
}
