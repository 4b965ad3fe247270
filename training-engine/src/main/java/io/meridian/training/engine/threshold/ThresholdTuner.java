package io.meridian.training.engine.threshold;

import java.util.Arrays;

import io.meridian.training.engine.TrainingRequest.ThresholdSpec;

/**
 * Chooses the binary decision threshold (predict positive when P(positive) >= threshold) on out-of-fold
 * validation predictions. Candidates are the distinct predicted scores.
 *
 * <ul>
 *   <li>{@code MAX_F1}: the candidate with the highest F1 (the highest such threshold on ties);</li>
 *   <li>{@code TARGET_RECALL}: the highest threshold whose recall reaches the target (always reachable: the
 *       lowest score gives recall 1);</li>
 *   <li>{@code TARGET_PRECISION}: the lowest threshold whose precision reaches the target; when no threshold
 *       reaches it, {@link IllegalArgumentException} with the best precision seen.</li>
 * </ul>
 * Without a spec the threshold is {@value #DEFAULT}.
 */
public final class ThresholdTuner {
    public static final double DEFAULT = 0.5;

    private ThresholdTuner() {
    }

    /**
     * Tunes the threshold.
     *
     * @param spec the objective, or null for the default
     * @param positive whether each row is actually positive
     * @param score P(positive) of each row
     */
    public static double tune(ThresholdSpec spec, boolean[] positive, double[] score) {
        if (spec == null) {
            return DEFAULT;
        }
        if (spec.objective() != ThresholdSpec.Objective.MAX_F1 && !(spec.target() > 0 && spec.target() <= 1)) {
            throw new IllegalArgumentException("threshold.target must be in (0, 1], got " + spec.target());
        }
        int n = score.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        long positives = 0;
        for (boolean p : positive) {
            positives += p ? 1 : 0;
        }
        if (positives == 0) {
            throw new IllegalArgumentException("threshold tuning needs positive rows in the validation "
                + "predictions, there are none");
        }
        double bestF1 = -1;
        double bestF1Threshold = DEFAULT;
        double bestPrecision = 0;
        double lowestPrecise = Double.NaN;
        long tp = 0;
        long predicted = 0;
        for (int i = 0; i < n; i++) {
            int row = order[i];
            tp += positive[row] ? 1 : 0;
            predicted++;
            if (i < n - 1 && score[order[i + 1]] == score[row]) {
                continue;
            }
            double threshold = score[row];
            double precision = (double) tp / predicted;
            double recall = (double) tp / positives;
            switch (spec.objective()) {
                case MAX_F1 -> {
                    double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
                    if (f1 > bestF1) {
                        bestF1 = f1;
                        bestF1Threshold = threshold;
                    }
                }
                case TARGET_RECALL -> {
                    if (recall >= spec.target()) {
                        return threshold;
                    }
                }
                case TARGET_PRECISION -> {
                    bestPrecision = Math.max(bestPrecision, precision);
                    if (precision >= spec.target()) {
                        lowestPrecise = threshold;
                    }
                }
            }
        }
        return switch (spec.objective()) {
            case MAX_F1 -> bestF1Threshold;
            case TARGET_RECALL -> throw new IllegalStateException("recall 1 is always reached");
            case TARGET_PRECISION -> {
                if (Double.isNaN(lowestPrecise)) {
                    throw new IllegalArgumentException("threshold.target: no threshold reaches precision "
                        + spec.target() + " on the validation predictions (the best is " + bestPrecision + ")");
                }
                yield lowestPrecise;
            }
        };
    }
}
