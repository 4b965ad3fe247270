package io.meridian.training.engine.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/** One algorithm: what it supports, which hyperparameters it takes, and how it fits. */
public interface ModelTrainer {
    /** e.g. "logistic-regression", "linear-regression", "factorization-machine", "xgboost", "random-forest". */
    String id();

    Set<Task> tasks();

    /** Every accepted hyperparameter with default and range, by name. */
    Map<String, HyperparameterDef> hyperparameters();

    /**
     * Fits on a preprocessed matrix.
     *
     * @param x rows of the preprocessed matrix
     * @param inputNames column names of {@code x}
     * @param target labels of the rows (same order)
     * @param weights per-row weights (class weights), or null for uniform
     * @param hyperparameters overrides by name (missing names take defaults); invalid values throw
     *                        {@link IllegalArgumentException} naming the hyperparameter
     * @param seed the seed for everything random in training
     */
    TrainedModel fit(double[][] x, List<String> inputNames, Target target, double[] weights,
                     Map<String, String> hyperparameters, long seed);
}
