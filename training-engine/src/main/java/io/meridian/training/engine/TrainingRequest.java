package io.meridian.training.engine;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.prep.PreprocessingSpec;

/**
 * Everything the engine needs besides the data: a resolved, validated job specification.
 *
 * @param task binary, multiclass or regression
 * @param positiveClass the positive class of a binary task (null: "true" if present, else the last class)
 * @param preprocessing what to fit before the model
 * @param algorithm a {@code ModelTrainer} id
 * @param hyperparameters overrides by name (search spaces override these per trial)
 * @param validation the validation plan
 * @param search null, or the hyperparameter search
 * @param imbalance null, or how class imbalance is handled (training part of each fold only)
 * @param threshold null, or how the binary decision threshold is tuned on validation predictions
 * @param permutationImportance whether to compute permutation importance on validation data
 * @param seed one seed for folds, sampling, search and training: same seed and data give the same result
 */
public record TrainingRequest(Task task, String positiveClass, PreprocessingSpec preprocessing, String algorithm,
                              Map<String, String> hyperparameters, ValidationPlan validation, SearchSpec search,
                              ImbalanceSpec imbalance, ThresholdSpec threshold, boolean permutationImportance,
                              long seed) {
    public TrainingRequest {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(preprocessing, "preprocessing");
        Objects.requireNonNull(algorithm, "algorithm");
        hyperparameters = hyperparameters == null ? Map.of() : Map.copyOf(hyperparameters);
        Objects.requireNonNull(validation, "validation");
    }

    /**
     * How models are evaluated.
     *
     * @param kind the plan
     * @param folds k for the k-fold kinds (>= 2)
     * @param repeats repetitions for the repeated kinds (>= 1)
     * @param holdoutFraction the evaluation share for {@link Kind#HOLDOUT}, in (0, 1)
     */
    public record ValidationPlan(Kind kind, int folds, int repeats, double holdoutFraction) {
        public enum Kind { HOLDOUT, KFOLD, STRATIFIED_KFOLD, REPEATED_KFOLD, REPEATED_STRATIFIED_KFOLD }

        public ValidationPlan {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /**
     * A hyperparameter search.
     *
     * @param strategy grid, random, or successive halving (random candidates, budget spent in rungs)
     * @param space per hyperparameter: a list of values, or a numeric range
     * @param trials the trial budget (grid: at most this many grid points, in order)
     * @param metric the metric selected on (mean over the validation folds)
     * @param maximize true when higher is better (auto-set from the metric by the caller)
     */
    public record SearchSpec(Strategy strategy, Map<String, ParamSpace> space, int trials, String metric,
                             boolean maximize) {
        public enum Strategy { GRID, RANDOM, SUCCESSIVE_HALVING }

        public SearchSpec {
            Objects.requireNonNull(strategy, "strategy");
            space = Map.copyOf(space);
        }
    }

    /**
     * One hyperparameter's space: either {@code values} (non-empty) or a range [min, max], sampled uniformly
     * or log-uniformly, rounded when {@code integer}.
     */
    public record ParamSpace(List<String> values, double min, double max, boolean log, boolean integer) {
        public ParamSpace {
            values = values == null ? List.of() : List.copyOf(values);
        }

        public static ParamSpace of(List<String> values) {
            return new ParamSpace(values, Double.NaN, Double.NaN, false, false);
        }

        public static ParamSpace range(double min, double max, boolean log, boolean integer) {
            return new ParamSpace(List.of(), min, max, log, integer);
        }

        public boolean isRange() {
            return values.isEmpty();
        }
    }

    /**
     * Class imbalance handling, applied to the training part of each fold only.
     *
     * @param strategy class weights (inverse frequency), random under-sampling of majority classes, or random
     *                 over-sampling of minority classes
     * @param ratio for sampling: the minority:majority ratio to reach, in (0, 1] (1 = balanced)
     */
    public record ImbalanceSpec(Strategy strategy, double ratio) {
        public enum Strategy { NONE, CLASS_WEIGHTS, UNDER_SAMPLE, OVER_SAMPLE }
    }

    /**
     * Threshold tuning for binary tasks on out-of-fold validation predictions.
     *
     * @param objective maximise F1, or the highest threshold reaching a target recall, or the lowest reaching a
     *                  target precision
     * @param target the recall or precision target in (0, 1]
     */
    public record ThresholdSpec(Objective objective, double target) {
        public enum Objective { MAX_F1, TARGET_RECALL, TARGET_PRECISION }
    }
}
