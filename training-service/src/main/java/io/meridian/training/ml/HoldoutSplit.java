package io.meridian.training.ml;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A seeded shuffled split of row indices into a training and a holdout part. The same row count, fraction and
 * seed always give the same split.
 *
 * @param train row indices used for fitting (standardisation and model)
 * @param holdout row indices used only for evaluation
 */
public record HoldoutSplit(int[] train, int[] holdout) {

    public static HoldoutSplit of(int rows, double holdoutFraction, long seed) {
        if (rows < 2) {
            throw new TrainingFailure("At least two rows are needed to hold some out for evaluation.");
        }
        int[] order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = rows - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int holdoutCount = (int) Math.min(rows - 1, Math.max(1, Math.round(rows * holdoutFraction)));
        return new HoldoutSplit(Arrays.copyOfRange(order, holdoutCount, rows), Arrays.copyOfRange(order, 0,
            holdoutCount));
    }
}
