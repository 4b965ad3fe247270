package io.meridian.training.engine.validation;

/**
 * One split of the rows: the model is fitted on {@code train} and evaluated on {@code validation} (row indices
 * into the frame, disjoint, each ascending).
 *
 * @param repeat 0-based repetition (0 unless the plan repeats)
 * @param fold 0-based fold within the repetition
 * @param train training row indices
 * @param validation evaluation row indices
 */
public record Fold(int repeat, int fold, int[] train, int[] validation) {
}
