package io.meridian.training.engine.threshold;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.TrainingRequest.ThresholdSpec;
import io.meridian.training.engine.TrainingRequest.ThresholdSpec.Objective;

class ThresholdTunerTest {
    private static final boolean[] POSITIVE = {true, true, true, true, false, false, false, false, false, false};
    private static final double[] SCORE = {0.9, 0.7, 0.45, 0.2, 0.6, 0.4, 0.3, 0.15, 0.1, 0.05};

    private static double[] recallPrecision(boolean[] positive, double[] score, double threshold) {
        int tp = 0;
        int fp = 0;
        int pos = 0;
        for (int i = 0; i < score.length; i++) {
            pos += positive[i] ? 1 : 0;
            if (score[i] >= threshold) {
                if (positive[i]) {
                    tp++;
                } else {
                    fp++;
                }
            }
        }
        return new double[] {(double) tp / pos, tp + fp == 0 ? 1 : (double) tp / (tp + fp)};
    }

    @Test
    void defaultIsOneHalf() {
        assertEquals(0.5, ThresholdTuner.tune(null, POSITIVE, SCORE));
    }

    @Test
    void targetRecallPicksTheHighestThresholdReachingIt() {
        assertEquals(0.45, ThresholdTuner.tune(new ThresholdSpec(Objective.TARGET_RECALL, 0.75), POSITIVE, SCORE));
        assertEquals(0.2, ThresholdTuner.tune(new ThresholdSpec(Objective.TARGET_RECALL, 1.0), POSITIVE, SCORE));
    }

    @Test
    void targetPrecisionPicksTheLowestThresholdReachingIt() {
        // precision at 0.7: 2/2, 0.6: 2/3, 0.45: 3/4 -> lowest with >= 0.75 is 0.45
        assertEquals(0.45, ThresholdTuner.tune(new ThresholdSpec(Objective.TARGET_PRECISION, 0.75), POSITIVE,
            SCORE));
        boolean[] allNegativeTop = {false, true};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThresholdTuner.tune(
            new ThresholdSpec(Objective.TARGET_PRECISION, 0.9), allNegativeTop, new double[] {0.9, 0.1}));
        assertTrue(e.getMessage().contains("no threshold reaches precision 0.9"), e.getMessage());
    }

    @Test
    void maxF1PicksTheBestF1() {
        // F1 at 0.9: 2/5, 0.7: 2/3, 0.6: 4/7, 0.45: 3/4, 0.4: 2/3, 0.3: 0.6, 0.2: 8/11, ...
        assertEquals(0.45, ThresholdTuner.tune(new ThresholdSpec(Objective.MAX_F1, 0), POSITIVE, SCORE));
    }

    @Test
    void tunedThresholdRaisesRecallToTheTargetOnNoisyScores() {
        SplittableRandom random = new SplittableRandom(4);
        int n = 5000;
        boolean[] positive = new boolean[n];
        double[] score = new double[n];
        for (int i = 0; i < n; i++) {
            positive[i] = random.nextDouble() < 0.14;
            double logit = (positive[i] ? 1.0 : -1.0) + random.nextGaussian() * 1.5 - 1.5;
            score[i] = 1 / (1 + Math.exp(-logit));
        }
        double before = recallPrecision(positive, score, 0.5)[0];
        double t = ThresholdTuner.tune(new ThresholdSpec(Objective.TARGET_RECALL, 0.8), positive, score);
        double after = recallPrecision(positive, score, t)[0];
        assertTrue(before < 0.8, "default recall " + before);
        assertTrue(after >= 0.8, "tuned recall " + after);
        assertTrue(t < 0.5);
        // highest such threshold: the next distinct score above it misses the target
        double next = java.util.Arrays.stream(score).filter(s -> s > t).min().orElseThrow();
        assertTrue(recallPrecision(positive, score, next)[0] < 0.8);
    }
}
