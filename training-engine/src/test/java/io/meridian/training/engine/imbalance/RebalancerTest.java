package io.meridian.training.engine.imbalance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;
import io.meridian.training.engine.TrainingRequest.ImbalanceSpec.Strategy;
import io.meridian.training.engine.validation.Fold;
import io.meridian.training.engine.validation.Splitter;

class RebalancerTest {

    private static int[] labels(int n, double share, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < share ? 1 : 0;
        }
        return y;
    }

    private static int count(int[] rows, int[] y, int c) {
        return (int) Arrays.stream(rows).filter(r -> y[r] == c).count();
    }

    @Test
    void classWeightsAverageOneAndBalanceTheClasses() {
        int[] y = labels(1000, 0.14, 1);
        int[] rows = java.util.stream.IntStream.range(0, 1000).toArray();
        Rebalancer.Rebalanced r = Rebalancer.apply(new ImbalanceSpec(Strategy.CLASS_WEIGHTS, 0), rows, y, 2, 3);
        assertArrayEquals(rows, r.rows());
        assertEquals(1.0, Arrays.stream(r.weights()).average().orElseThrow(), 1e-12);
        double w0 = 0;
        double w1 = 0;
        for (int i = 0; i < rows.length; i++) {
            if (y[i] == 1) {
                w1 += r.weights()[i];
            } else {
                w0 += r.weights()[i];
            }
        }
        assertEquals(w0, w1, 1e-9);
    }

    @Test
    void underAndOverSamplingReachTheRatio() {
        int[] y = labels(1000, 0.14, 2);
        int[] rows = java.util.stream.IntStream.range(0, 1000).toArray();
        int minority = count(rows, y, 1);
        int majority = count(rows, y, 0);
        Rebalancer.Rebalanced under = Rebalancer.apply(new ImbalanceSpec(Strategy.UNDER_SAMPLE, 0.5), rows, y, 2, 3);
        assertNull(under.weights());
        assertEquals(minority, count(under.rows(), y, 1));
        assertEquals(Math.round(minority / 0.5), count(under.rows(), y, 0));
        assertEquals(under.rows().length, Arrays.stream(under.rows()).distinct().count());
        Rebalancer.Rebalanced over = Rebalancer.apply(new ImbalanceSpec(Strategy.OVER_SAMPLE, 1.0), rows, y, 2, 3);
        assertEquals(majority, count(over.rows(), y, 0));
        assertEquals(majority, count(over.rows(), y, 1));
        // duplicates are copies of the class's own rows
        assertTrue(Arrays.stream(over.rows()).filter(r -> y[r] == 1).allMatch(r -> y[r] == 1));
        // seeded: same seed same rows, another seed other rows
        assertArrayEquals(over.rows(),
            Rebalancer.apply(new ImbalanceSpec(Strategy.OVER_SAMPLE, 1.0), rows, y, 2, 3).rows());
        assertTrue(!Arrays.equals(under.rows(),
            Rebalancer.apply(new ImbalanceSpec(Strategy.UNDER_SAMPLE, 0.5), rows, y, 2, 4).rows()));
    }

    @Test
    void samplingOfAFoldNeverTouchesItsValidationRows() {
        int[] y = labels(600, 0.14, 5);
        for (Fold fold : Splitter.stratifiedKFold(y, 5, 0, 8)) {
            Set<Integer> validation = Arrays.stream(fold.validation()).boxed().collect(Collectors.toSet());
            for (Strategy s : new Strategy[] {Strategy.UNDER_SAMPLE, Strategy.OVER_SAMPLE, Strategy.CLASS_WEIGHTS}) {
                Rebalancer.Rebalanced r = Rebalancer.apply(new ImbalanceSpec(s, 1.0), fold.train(), y, 2, 9);
                assertTrue(Arrays.stream(r.rows()).noneMatch(validation::contains), s + " used a validation row");
            }
        }
    }

    @Test
    void aRatioOutsideTheRangeIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Rebalancer.apply(new ImbalanceSpec(Strategy.UNDER_SAMPLE, 1.5), new int[] {0, 1}, new int[] {0, 1},
                2, 1));
        assertTrue(e.getMessage().contains("imbalance.ratio"));
    }
}
