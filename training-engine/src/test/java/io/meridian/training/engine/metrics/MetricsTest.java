package io.meridian.training.engine.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.EngineResult.Curve;

class MetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void rocAucCountsTiesAsOneHalf() {
        // positives score {0.8, 0.4, 0.4}, negatives {0.4, 0.2}: pairs (6): 0.8>0.4, 0.8>0.2, 0.4=0.4 (1/2),
        // 0.4>0.2, 0.4=0.4 (1/2), 0.4>0.2 -> 5/6
        boolean[] pos = {true, true, true, false, false};
        double[] score = {0.8, 0.4, 0.4, 0.4, 0.2};
        assertEquals(5.0 / 6, Curves.rocAuc(pos, score), EPS);
    }

    @Test
    void averagePrecisionMatchesHandComputation() {
        // sklearn example: y = [0, 0, 1, 1], scores [0.1, 0.4, 0.35, 0.8] -> AP 0.8333...
        boolean[] pos = {false, false, true, true};
        double[] score = {0.1, 0.4, 0.35, 0.8};
        assertEquals(0.5 * 1 + 0.5 * (2.0 / 3), Curves.averagePrecision(pos, score), EPS);
        assertEquals(0.75, Curves.rocAuc(pos, score), EPS);
        // with ties: both positives and one negative share the top score -> one step R 0->1 at P 2/3
        assertEquals(2.0 / 3, Curves.averagePrecision(new boolean[] {true, true, false, false},
            new double[] {0.9, 0.9, 0.9, 0.1}), EPS);
    }

    @Test
    void curvesStepThroughDistinctScores() {
        boolean[] pos = {false, false, true, true};
        double[] score = {0.1, 0.4, 0.35, 0.8};
        Curve roc = Curves.roc(pos, score);
        assertArrayEquals(new double[] {0, 0, 0.5, 0.5, 1}, roc.x(), EPS);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, roc.y(), EPS);
        assertArrayEquals(new double[] {0.8, 0.4, 0.35, 0.1}, java.util.Arrays.copyOfRange(roc.thresholds(), 1, 5),
            EPS);
        Curve pr = Curves.precisionRecall(pos, score);
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1, 1}, pr.x(), EPS);
        assertArrayEquals(new double[] {1, 1, 0.5, 2.0 / 3, 0.5}, pr.y(), EPS);
    }

    @Test
    void binaryMetricsAtAThreshold() {
        int[] actual = {1, 1, 1, 0, 0, 0, 0, 0};
        double[] p1 = {0.9, 0.6, 0.3, 0.7, 0.2, 0.1, 0.4, 0.05};
        double[][] proba = new double[8][];
        for (int i = 0; i < 8; i++) {
            proba[i] = new double[] {1 - p1[i], p1[i]};
        }
        Map<String, Double> m = ClassificationMetrics.compute(actual, proba, 1, 0.5);
        // predicted positive: rows 0, 1, 3 -> TP 2, FP 1, FN 1, TN 4
        assertEquals(6.0 / 8, m.get("accuracy"), EPS);
        assertEquals(2.0 / 3, m.get("precision"), EPS);
        assertEquals(2.0 / 3, m.get("recall"), EPS);
        assertEquals(2.0 / 3, m.get("f1"), EPS);
        assertEquals((2.0 / 3 + 4.0 / 5) / 2, m.get("balanced_accuracy"), EPS);
        double ll = -(Math.log(0.9) + Math.log(0.6) + Math.log(0.3) + Math.log(0.3) + Math.log(0.8)
            + Math.log(0.9) + Math.log(0.6) + Math.log(0.95)) / 8;
        assertEquals(ll, m.get("log_loss"), 1e-12);
        // AUC: positives 0.9, 0.6, 0.3 vs negatives 0.7, 0.2, 0.1, 0.4, 0.05: wins 5 + 4 + 3 = 12 of 15
        assertEquals(12.0 / 15, m.get("roc_auc"), EPS);
        Map<String, Double> strict = ClassificationMetrics.compute(actual, proba, 1, 0.8);
        assertEquals(1.0, strict.get("precision"), EPS);
        assertEquals(1.0 / 3, strict.get("recall"), EPS);
    }

    @Test
    void multiclassMacroAveragesAndConfusion() {
        int[] actual = {0, 0, 1, 1, 2, 2};
        double[][] proba = {
            {0.8, 0.1, 0.1}, {0.2, 0.7, 0.1}, {0.1, 0.8, 0.1}, {0.1, 0.6, 0.3}, {0.1, 0.2, 0.7}, {0.5, 0.2, 0.3}};
        Map<String, Double> m = ClassificationMetrics.compute(actual, proba, -1, 0.5);
        int[] predicted = ClassificationMetrics.predict(proba, -1, 0.5);
        assertArrayEquals(new int[] {0, 1, 1, 1, 2, 0}, predicted);
        long[][] confusion = ClassificationMetrics.confusion(actual, predicted, 3);
        assertArrayEquals(new long[] {1, 1, 0}, confusion[0]);
        assertArrayEquals(new long[] {1, 0, 1}, confusion[2]);
        // precision: 1/2, 2/3, 1/1; recall: 1/2, 1, 1/2
        assertEquals((0.5 + 2.0 / 3 + 1) / 3, m.get("precision"), EPS);
        assertEquals((0.5 + 1 + 0.5) / 3, m.get("recall"), EPS);
        assertEquals(4.0 / 6, m.get("accuracy"), EPS);
        assertEquals(2.0 / 3, m.get("balanced_accuracy"), EPS);
        Map<String, Map<String, Double>> per = ClassificationMetrics.perClass(confusion, List.of("a", "b", "c"));
        assertEquals(0.8, per.get("b").get("f1"), EPS);
        assertEquals(2.0, per.get("c").get("support"), EPS);
    }

    @Test
    void regressionMetricsSkipZeroTargetsInMape() {
        double[] actual = {0, 2, 4, 6};
        double[] predicted = {1, 2, 3, 9};
        Map<String, Double> m = RegressionMetrics.compute(actual, predicted);
        assertEquals(Math.sqrt((1 + 0 + 1 + 9) / 4.0), m.get("rmse"), EPS);
        assertEquals((1 + 0 + 1 + 3) / 4.0, m.get("mae"), EPS);
        assertEquals(1 - 11.0 / 20, m.get("r2"), EPS);
        assertEquals((0 + 0.25 + 0.5) / 3, m.get("mape"), EPS);
    }

    @Test
    void baselinePredictsTrainingPriorsAndMean() {
        double[] prior = Baseline.priors(new int[] {0, 0, 0, 1}, 2);
        assertArrayEquals(new double[] {0.75, 0.25}, prior, EPS);
        Map<String, Double> m = Baseline.classification(prior, new int[] {0, 1, 0, 0}, 1, 0.5);
        assertEquals(0.75, m.get("accuracy"), EPS);
        assertEquals(0.0, m.get("recall"), EPS);
        assertEquals(0.5, m.get("roc_auc"), EPS);
        assertEquals(0.5, m.get("balanced_accuracy"), EPS);
        Map<String, Double> r = Baseline.regression(new double[] {1, 3}, new double[] {2, 4});
        assertEquals(1.0, r.get("mae"), EPS);
    }

    @Test
    void foldSummaryIsMeanAndPopulationStdIgnoringUndefinedFolds() {
        List<Map<String, Double>> folds = List.of(Map.of("a", 1.0, "b", Double.NaN), Map.of("a", 3.0, "b", 2.0));
        assertEquals(2.0, FoldSummary.mean(folds).get("a"), EPS);
        assertEquals(1.0, FoldSummary.std(folds).get("a"), EPS);
        assertEquals(2.0, FoldSummary.mean(folds).get("b"), EPS);
        assertEquals(0.0, FoldSummary.std(folds).get("b"), EPS);
    }
}
