package io.meridian.training.engine.imbalance;

import java.util.Arrays;
import java.util.SplittableRandom;

import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;

/**
 * Class imbalance handling for the training part of a fold. It only ever receives training row indices, so the
 * evaluation part is never re-weighted or re-sampled.
 *
 * <ul>
 *   <li>{@code CLASS_WEIGHTS}: every row of class c weighs {@code n / (K * n_c)} (K = classes present), so the
 *       weights average 1 over the rows and every class carries the same total weight.</li>
 *   <li>{@code UNDER_SAMPLE}: each class larger than {@code minority / ratio} keeps a seeded random subset of
 *       {@code round(minority / ratio)} rows.</li>
 *   <li>{@code OVER_SAMPLE}: each class smaller than {@code ratio * majority} gets seeded random duplicates of its
 *       own rows until it has {@code round(ratio * majority)}.</li>
 * </ul>
 */
public final class Rebalancer {
    private Rebalancer() {
    }

    /**
     * The training rows to fit on and their weights.
     *
     * @param rows training row indices (into the frame), ascending, possibly repeated (over-sampling)
     * @param weights one weight per entry of {@code rows}, or null for uniform weights
     */
    public record Rebalanced(int[] rows, double[] weights) {
    }

    /**
     * Applies the strategy to the training rows.
     *
     * @param spec the strategy (null or NONE: the rows unchanged)
     * @param trainRows training row indices into the frame
     * @param classIndex class index of every frame row
     * @param classes the number of classes
     * @param seed for the sampling
     */
    public static Rebalanced apply(ImbalanceSpec spec, int[] trainRows, int[] classIndex, int classes, long seed) {
        if (spec == null || spec.strategy() == ImbalanceSpec.Strategy.NONE) {
            return new Rebalanced(trainRows, null);
        }
        int[] counts = new int[classes];
        for (int row : trainRows) {
            counts[classIndex[row]]++;
        }
        return switch (spec.strategy()) {
            case CLASS_WEIGHTS -> new Rebalanced(trainRows, classWeights(trainRows, classIndex, counts));
            case UNDER_SAMPLE -> new Rebalanced(underSample(trainRows, classIndex, counts, ratio(spec), seed), null);
            case OVER_SAMPLE -> new Rebalanced(overSample(trainRows, classIndex, counts, ratio(spec), seed), null);
            case NONE -> throw new IllegalStateException("unreachable");
        };
    }

    private static double ratio(ImbalanceSpec spec) {
        if (!(spec.ratio() > 0 && spec.ratio() <= 1)) {
            throw new IllegalArgumentException("imbalance.ratio must be in (0, 1], got " + spec.ratio());
        }
        return spec.ratio();
    }

    private static double[] classWeights(int[] rows, int[] classIndex, int[] counts) {
        int present = (int) Arrays.stream(counts).filter(c -> c > 0).count();
        double[] weights = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            weights[i] = (double) rows.length / (present * (double) counts[classIndex[rows[i]]]);
        }
        return weights;
    }

    private static int[] underSample(int[] rows, int[] classIndex, int[] counts, double ratio, long seed) {
        int minority = Arrays.stream(counts).filter(c -> c > 0).min().orElse(0);
        int cap = (int) Math.max(1, Math.round(minority / ratio));
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[rows.length];
        int n = 0;
        for (int c = 0; c < counts.length; c++) {
            int[] members = members(rows, classIndex, c, counts[c]);
            if (members.length > cap) {
                shuffle(members, random);
                members = Arrays.copyOf(members, cap);
            }
            System.arraycopy(members, 0, out, n, members.length);
            n += members.length;
        }
        int[] kept = Arrays.copyOf(out, n);
        Arrays.sort(kept);
        return kept;
    }

    private static int[] overSample(int[] rows, int[] classIndex, int[] counts, double ratio, long seed) {
        int majority = Arrays.stream(counts).max().orElse(0);
        int floor = (int) Math.round(ratio * majority);
        SplittableRandom random = new SplittableRandom(seed);
        int total = rows.length;
        for (int count : counts) {
            if (count > 0 && count < floor) {
                total += floor - count;
            }
        }
        int[] out = Arrays.copyOf(rows, total);
        int n = rows.length;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] == 0 || counts[c] >= floor) {
                continue;
            }
            int[] members = members(rows, classIndex, c, counts[c]);
            for (int i = counts[c]; i < floor; i++) {
                out[n++] = members[random.nextInt(members.length)];
            }
        }
        Arrays.sort(out);
        return out;
    }

    private static int[] members(int[] rows, int[] classIndex, int c, int count) {
        int[] members = new int[count];
        int m = 0;
        for (int row : rows) {
            if (classIndex[row] == c) {
                members[m++] = row;
            }
        }
        return members;
    }

    private static void shuffle(int[] values, SplittableRandom random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = values[i];
            values[i] = values[j];
            values[j] = tmp;
        }
    }
}
