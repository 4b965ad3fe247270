package io.meridian.training.engine.metrics;

import java.util.Arrays;

import io.meridian.training.engine.EngineResult.Curve;

/**
 * Ranking metrics and curves of binary scores: ROC-AUC (ties count one half), average precision, and the ROC
 * and precision-recall curve points at every distinct score.
 */
public final class Curves {
    /** Curves longer than this are thinned to this many evenly spaced points (first and last kept). */
    public static final int MAX_POINTS = 1000;

    private Curves() {
    }

    /**
     * Cumulative counts at each distinct score, scores descending: {@code tp[i]} and {@code fp[i]} count the
     * rows with score at least {@code thresholds[i]}.
     */
    record Steps(double[] thresholds, long[] tp, long[] fp, long positives, long negatives) {
    }

    static Steps steps(boolean[] positive, double[] score) {
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double[] thresholds = new double[n];
        long[] tp = new long[n];
        long[] fp = new long[n];
        int m = 0;
        long t = 0;
        long f = 0;
        for (int i = 0; i < n; i++) {
            int row = order[i];
            if (positive[row]) {
                t++;
            } else {
                f++;
            }
            boolean lastOfScore = i == n - 1 || score[order[i + 1]] != score[row];
            if (lastOfScore) {
                thresholds[m] = score[row];
                tp[m] = t;
                fp[m] = f;
                m++;
            }
        }
        return new Steps(Arrays.copyOf(thresholds, m), Arrays.copyOf(tp, m), Arrays.copyOf(fp, m), t, f);
    }

    /**
     * ROC-AUC: the probability that a random positive scores above a random negative, ties counting one half
     * (the trapezoidal area under the ROC curve). NaN when one class is absent.
     */
    public static double rocAuc(boolean[] positive, double[] score) {
        Steps s = steps(positive, score);
        if (s.positives() == 0 || s.negatives() == 0) {
            return Double.NaN;
        }
        double area = 0;
        long prevTp = 0;
        long prevFp = 0;
        for (int i = 0; i < s.thresholds().length; i++) {
            area += (s.fp()[i] - prevFp) * (s.tp()[i] + prevTp) / 2.0;
            prevTp = s.tp()[i];
            prevFp = s.fp()[i];
        }
        return area / ((double) s.positives() * s.negatives());
    }

    /**
     * Average precision: {@code sum_n (R_n - R_{n-1}) P_n} over the distinct scores descending (the step-wise
     * area under the precision-recall curve, no interpolation). NaN without positives.
     */
    public static double averagePrecision(boolean[] positive, double[] score) {
        Steps s = steps(positive, score);
        if (s.positives() == 0) {
            return Double.NaN;
        }
        double ap = 0;
        double prevRecall = 0;
        for (int i = 0; i < s.thresholds().length; i++) {
            double recall = (double) s.tp()[i] / s.positives();
            double precision = (double) s.tp()[i] / (s.tp()[i] + s.fp()[i]);
            ap += (recall - prevRecall) * precision;
            prevRecall = recall;
        }
        return ap;
    }

    /**
     * ROC curve: x = false-positive rate, y = true-positive rate, for predicting positive when the score is at
     * least the threshold. Starts at (0, 0) with a threshold just above the highest score.
     */
    public static Curve roc(boolean[] positive, double[] score) {
        Steps s = steps(positive, score);
        int m = s.thresholds().length;
        double[] x = new double[m + 1];
        double[] y = new double[m + 1];
        double[] t = new double[m + 1];
        t[0] = m == 0 ? 1 : Math.nextUp(s.thresholds()[0]);
        for (int i = 0; i < m; i++) {
            x[i + 1] = s.negatives() == 0 ? 0 : (double) s.fp()[i] / s.negatives();
            y[i + 1] = s.positives() == 0 ? 0 : (double) s.tp()[i] / s.positives();
            t[i + 1] = s.thresholds()[i];
        }
        return thin(new Curve(x, y, t));
    }

    /**
     * Precision-recall curve: x = recall, y = precision, thresholds descending; starts at recall 0, precision 1
     * with a threshold just above the highest score.
     */
    public static Curve precisionRecall(boolean[] positive, double[] score) {
        Steps s = steps(positive, score);
        int m = s.thresholds().length;
        double[] x = new double[m + 1];
        double[] y = new double[m + 1];
        double[] t = new double[m + 1];
        y[0] = 1;
        t[0] = m == 0 ? 1 : Math.nextUp(s.thresholds()[0]);
        for (int i = 0; i < m; i++) {
            x[i + 1] = s.positives() == 0 ? 0 : (double) s.tp()[i] / s.positives();
            y[i + 1] = (double) s.tp()[i] / (s.tp()[i] + s.fp()[i]);
            t[i + 1] = s.thresholds()[i];
        }
        return thin(new Curve(x, y, t));
    }

    private static Curve thin(Curve curve) {
        int n = curve.x().length;
        if (n <= MAX_POINTS) {
            return curve;
        }
        double[] x = new double[MAX_POINTS];
        double[] y = new double[MAX_POINTS];
        double[] t = new double[MAX_POINTS];
        for (int i = 0; i < MAX_POINTS; i++) {
            int src = (int) Math.round((double) i * (n - 1) / (MAX_POINTS - 1));
            x[i] = curve.x()[src];
            y[i] = curve.y()[src];
            t[i] = curve.thresholds()[src];
        }
        return new Curve(x, y, t);
    }
}
