package io.meridian.training.engine.prep;

import java.util.List;

import io.meridian.training.engine.data.Target;

/**
 * What recursive feature elimination needs from the outside: fit a model on a matrix and say how much each
 * column mattered. The engine implements it with the job's algorithm and hyperparameters
 * ({@code TrainedModel.importance()}); {@link #NONE} refuses, for pipelines without recursive elimination.
 */
@FunctionalInterface
public interface SelectionSupport {
    /** For pipelines that do not use recursive elimination: asking for it fails with a clear message. */
    SelectionSupport NONE = (x, names, target) -> {
        throw new IllegalArgumentException("preprocessing.selection.recursiveElimination needs a model to rank "
            + "features, and none was given");
    };

    /**
     * Fits a model on {@code x} and returns one non-negative importance per column, in column order (a column
     * the model does not mention has importance 0).
     *
     * @param x training rows, already encoded, scaled and partly selected
     * @param names the column names of {@code x}
     * @param target the labels of the rows
     */
    double[] importance(double[][] x, List<String> names, Target target);
}
