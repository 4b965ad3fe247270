package io.meridian.training.engine.data;

import java.util.List;
import java.util.Objects;

/**
 * The label column. For classification: {@code classes} (sorted, distinct) and {@code classIndex[i]} the index
 * of row i's class in it; {@code positiveClass} is the index of the positive class for {@link Task#BINARY}
 * (-1 otherwise). For regression: {@code values[i]}; {@code classes} is empty and {@code classIndex} null.
 */
public record Target(Task task, List<String> classes, int[] classIndex, int positiveClass, double[] values) {
    public Target {
        Objects.requireNonNull(task, "task");
        classes = List.copyOf(classes);
        if (task.isClassification()) {
            Objects.requireNonNull(classIndex, "classIndex");
        } else {
            Objects.requireNonNull(values, "values");
        }
    }

    public static Target classification(Task task, List<String> classes, int[] classIndex, int positiveClass) {
        return new Target(task, classes, classIndex, task == Task.BINARY ? positiveClass : -1, null);
    }

    public static Target regression(double[] values) {
        return new Target(Task.REGRESSION, List.of(), null, -1, values);
    }

    public int rows() {
        return task.isClassification() ? classIndex.length : values.length;
    }

    /** The same target restricted to (or resampled by) the given row indices. */
    public Target rows(int[] indices) {
        if (task.isClassification()) {
            int[] out = new int[indices.length];
            for (int i = 0; i < indices.length; i++) {
                out[i] = classIndex[indices[i]];
            }
            return new Target(task, classes, out, positiveClass, null);
        }
        double[] out = new double[indices.length];
        for (int i = 0; i < indices.length; i++) {
            out[i] = values[indices[i]];
        }
        return new Target(task, classes, null, positiveClass, out);
    }
}
