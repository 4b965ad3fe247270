package io.meridian.training.engine.validation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import io.meridian.training.engine.TrainingRequest.ValidationPlan;

/**
 * Seeded, reproducible splits of rows into folds: the same seed and rows always give the same folds.
 *
 * <p>Stratified splits keep each class's share in every fold: the rows of each class are shuffled and dealt
 * round-robin over the folds, continuing where the previous class stopped, so every fold holds
 * {@code floor(n_c / k)} or {@code ceil(n_c / k)} rows of class c (within one row of its share) and fold
 * sizes differ by at most one.
 */
public final class Splitter {
    private Splitter() {
    }

    /**
     * The folds of a validation plan.
     *
     * @param plan the plan
     * @param rows number of rows
     * @param classIndex per row its class index (stratified kinds and a classification holdout), or null
     * @param seed the seed
     */
    public static List<Fold> split(ValidationPlan plan, int rows, int[] classIndex, long seed) {
        return switch (plan.kind()) {
            case HOLDOUT -> List.of(holdout(rows, plan.holdoutFraction(), classIndex, seed));
            case KFOLD -> kFold(rows, plan.folds(), 0, seed);
            case STRATIFIED_KFOLD -> stratifiedKFold(requireClasses(classIndex, plan), plan.folds(), 0, seed);
            case REPEATED_KFOLD -> repeated(plan, rows, null, seed);
            case REPEATED_STRATIFIED_KFOLD -> repeated(plan, rows, requireClasses(classIndex, plan), seed);
        };
    }

    private static int[] requireClasses(int[] classIndex, ValidationPlan plan) {
        if (classIndex == null) {
            throw new IllegalArgumentException("validation.kind " + plan.kind()
                + " needs class labels: it is for classification tasks");
        }
        return classIndex;
    }

    private static List<Fold> repeated(ValidationPlan plan, int rows, int[] classIndex, long seed) {
        if (plan.repeats() < 1) {
            throw new IllegalArgumentException("validation.repeats must be at least 1, got " + plan.repeats());
        }
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Fold> out = new ArrayList<>();
        for (int r = 0; r < plan.repeats(); r++) {
            long repeatSeed = seeds.nextLong();
            out.addAll(classIndex == null ? kFold(rows, plan.folds(), r, repeatSeed)
                : stratifiedKFold(classIndex, plan.folds(), r, repeatSeed));
        }
        return out;
    }

    /**
     * A single train/evaluation split; with {@code classIndex} it is stratified (each class contributes
     * {@code round(n_c * fraction)} rows, at least one, to the evaluation part).
     */
    public static Fold holdout(int rows, double fraction, int[] classIndex, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("validation.holdoutFraction must be in (0, 1), got " + fraction);
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean[] evaluation = new boolean[rows];
        if (classIndex == null) {
            int count = (int) Math.round(rows * fraction);
            if (count < 1 || count >= rows) {
                throw new IllegalArgumentException("validation.holdoutFraction " + fraction + " of " + rows
                    + " rows leaves an empty training or evaluation part");
            }
            int[] order = permutation(rows, random);
            for (int i = 0; i < count; i++) {
                evaluation[order[i]] = true;
            }
        } else {
            for (int[] members : byClass(classIndex)) {
                if (members.length == 0) {
                    continue;
                }
                if (members.length < 2) {
                    throw new IllegalArgumentException("a class has only " + members.length
                        + " row: a stratified holdout needs at least 2 rows per class");
                }
                shuffle(members, random);
                int count = (int) Math.max(1, Math.min(members.length - 1, Math.round(members.length * fraction)));
                for (int i = 0; i < count; i++) {
                    evaluation[members[i]] = true;
                }
            }
        }
        return toFold(0, 0, evaluation);
    }

    /** Plain k-fold: a seeded permutation cut into k parts whose sizes differ by at most one. */
    public static List<Fold> kFold(int rows, int k, int repeat, long seed) {
        checkK(k, rows);
        int[] order = permutation(rows, new SplittableRandom(seed));
        int[] foldOf = new int[rows];
        for (int i = 0; i < rows; i++) {
            foldOf[order[i]] = i % k;
        }
        return folds(foldOf, k, repeat);
    }

    /**
     * Stratified k-fold: every class has at least {@code k} rows (else {@link IllegalArgumentException}) and each
     * fold holds within one row of its share of every class.
     */
    public static List<Fold> stratifiedKFold(int[] classIndex, int k, int repeat, long seed) {
        checkK(k, classIndex.length);
        int[][] classes = byClass(classIndex);
        for (int c = 0; c < classes.length; c++) {
            if (classes[c].length > 0 && classes[c].length < k) {
                throw new IllegalArgumentException("class #" + c + " has " + classes[c].length
                    + " rows, fewer than the " + k + " folds of stratified validation");
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] foldOf = new int[classIndex.length];
        int next = 0;
        for (int[] members : classes) {
            shuffle(members, random);
            for (int member : members) {
                foldOf[member] = next;
                next = (next + 1) % k;
            }
        }
        return folds(foldOf, k, repeat);
    }

    private static void checkK(int k, int rows) {
        if (k < 2) {
            throw new IllegalArgumentException("validation.folds must be at least 2, got " + k);
        }
        if (rows < k) {
            throw new IllegalArgumentException(rows + " rows are too few for " + k + " folds");
        }
    }

    private static List<Fold> folds(int[] foldOf, int k, int repeat) {
        List<Fold> out = new ArrayList<>(k);
        for (int f = 0; f < k; f++) {
            boolean[] evaluation = new boolean[foldOf.length];
            for (int i = 0; i < foldOf.length; i++) {
                evaluation[i] = foldOf[i] == f;
            }
            out.add(toFold(repeat, f, evaluation));
        }
        return out;
    }

    private static Fold toFold(int repeat, int fold, boolean[] evaluation) {
        int count = 0;
        for (boolean e : evaluation) {
            count += e ? 1 : 0;
        }
        int[] validation = new int[count];
        int[] train = new int[evaluation.length - count];
        int v = 0;
        int t = 0;
        for (int i = 0; i < evaluation.length; i++) {
            if (evaluation[i]) {
                validation[v++] = i;
            } else {
                train[t++] = i;
            }
        }
        return new Fold(repeat, fold, train, validation);
    }

    /** Row indices of each class, ascending, indexed by class. */
    static int[][] byClass(int[] classIndex) {
        int classes = Arrays.stream(classIndex).max().orElse(-1) + 1;
        int[] counts = new int[classes];
        for (int c : classIndex) {
            counts[c]++;
        }
        int[][] out = new int[classes][];
        for (int c = 0; c < classes; c++) {
            out[c] = new int[counts[c]];
        }
        int[] fill = new int[classes];
        for (int i = 0; i < classIndex.length; i++) {
            out[classIndex[i]][fill[classIndex[i]]++] = i;
        }
        return out;
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        shuffle(order, random);
        return order;
    }

    /** Fisher-Yates. */
    static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }
}
