package io.meridian.training.engine.validation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.TrainingRequest.ValidationPlan;
import io.meridian.training.engine.TrainingRequest.ValidationPlan.Kind;

class SplitterTest {

    /** 1,000 rows, 14% positives (class 1) scattered at seeded positions. */
    private static int[] imbalanced(int n, double share, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextDouble() < share ? 1 : 0;
        }
        return y;
    }

    @Test
    void stratifiedFoldsKeepEveryClassShareWithinOneSample() {
        int[] y = imbalanced(1003, 0.14, 7);
        int positives = Arrays.stream(y).sum();
        int k = 5;
        List<Fold> folds = Splitter.stratifiedKFold(y, k, 0, 42);
        assertEquals(k, folds.size());
        for (Fold fold : folds) {
            long minority = Arrays.stream(fold.validation()).filter(i -> y[i] == 1).count();
            long majority = fold.validation().length - minority;
            assertTrue(Math.abs(minority - positives / (double) k) < 1.0, "minority " + minority);
            assertTrue(Math.abs(majority - (y.length - positives) / (double) k) < 1.0, "majority " + majority);
        }
        assertPartition(folds, y.length);
    }

    @Test
    void plainKFoldDoesNotKeepProportionsButPartitionsTheRows() {
        List<Fold> folds = Splitter.kFold(101, 4, 0, 1);
        assertPartition(folds, 101);
        for (Fold fold : folds) {
            assertTrue(fold.validation().length == 25 || fold.validation().length == 26);
            assertEquals(101, fold.train().length + fold.validation().length);
        }
    }

    @Test
    void sameSeedGivesSameFoldsAndAnotherSeedOthers() {
        int[] y = imbalanced(500, 0.3, 3);
        ValidationPlan plan = new ValidationPlan(Kind.REPEATED_STRATIFIED_KFOLD, 5, 3, 0);
        List<Fold> a = Splitter.split(plan, y.length, y, 11);
        List<Fold> b = Splitter.split(plan, y.length, y, 11);
        List<Fold> c = Splitter.split(plan, y.length, y, 12);
        assertEquals(15, a.size());
        boolean differs = false;
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).validation(), b.get(i).validation());
            differs |= !Arrays.equals(a.get(i).validation(), c.get(i).validation());
        }
        assertTrue(differs);
        // repeats reshuffle: repeat 0 and repeat 1 differ
        assertFalse(Arrays.equals(a.get(0).validation(), a.get(5).validation()));
        assertEquals(1, a.get(5).repeat());
        for (int r = 0; r < 3; r++) {
            assertPartition(a.subList(r * 5, r * 5 + 5), y.length);
        }
    }

    @Test
    void holdoutIsStratifiedForClassesAndSizedByTheFraction() {
        int[] y = imbalanced(1000, 0.14, 5);
        int positives = Arrays.stream(y).sum();
        Fold fold = Splitter.holdout(y.length, 0.2, y, 9);
        long heldPositives = Arrays.stream(fold.validation()).filter(i -> y[i] == 1).count();
        assertEquals(Math.round(positives * 0.2), heldPositives);
        assertEquals(1000, fold.train().length + fold.validation().length);
        Fold plain = Splitter.holdout(1000, 0.25, null, 9);
        assertEquals(250, plain.validation().length);
    }

    @Test
    void badPlansAreRejectedNamingTheProblem() {
        int[] y = {0, 0, 0, 0, 0, 0, 1, 1};
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class,
            () -> Splitter.stratifiedKFold(y, 3, 0, 1));
        assertTrue(few.getMessage().contains("fewer than the 3 folds"), few.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Splitter.kFold(3, 5, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splitter.kFold(10, 1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Splitter.holdout(10, 1.0, null, 1));
        IllegalArgumentException noClasses = assertThrows(IllegalArgumentException.class,
            () -> Splitter.split(new ValidationPlan(Kind.STRATIFIED_KFOLD, 3, 1, 0), 10, null, 1));
        assertTrue(noClasses.getMessage().contains("classification"));
    }

    private static void assertPartition(List<Fold> folds, int n) {
        int[] seen = new int[n];
        for (Fold fold : folds) {
            for (int i : fold.validation()) {
                seen[i]++;
            }
            for (int i : fold.train()) {
                assertFalse(Arrays.stream(fold.validation()).anyMatch(v -> v == i));
            }
        }
        for (int s : seen) {
            assertEquals(1, s);
        }
    }
}
