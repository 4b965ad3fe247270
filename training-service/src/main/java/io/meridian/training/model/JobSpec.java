package io.meridian.training.model;

import java.util.List;
import java.util.Map;

/**
 * A validated job specification with every default resolved, as stored and as returned in a job's {@code spec}.
 * Enumerated values are the lower-case tokens of the API ({@code "stratified-kfold"}, {@code "class-weights"}).
 *
 * @param dataset the ingest-service dataset read (null when {@code trainingSet} is set)
 * @param trainingSet the feature-service training set read (null when {@code dataset} is set)
 * @param label the label column
 * @param task binary, multiclass or regression; null: inferred from the label when the job runs
 * @param features the features as given; null: inferred from the dataset contract (or the values)
 * @param preprocessing what is fitted before the model
 * @param algorithm a trainer id of {@code GET /v1/algorithms}
 * @param hyperparameters overrides by name, validated against the trainer's definitions
 * @param validation the validation plan
 * @param search null, or the hyperparameter search
 * @param imbalance null, or the class imbalance strategy
 * @param threshold null, or how the binary decision threshold is tuned
 * @param permutationImportance whether permutation importance is computed on validation data
 * @param positiveClass the positive class of a binary task (null: "true" when present, else the last class)
 * @param seed one seed for folds, sampling, search and training
 * @param modelName the registered model name
 * @param numericOnly true for a v1 request body (top-level {@code holdoutFraction}): inferred features are the
 *                    numeric columns only, as v1 trained them
 */
public record JobSpec(String dataset, String trainingSet, String label, String task, List<Feature> features,
                      Preprocessing preprocessing, String algorithm, Map<String, String> hyperparameters,
                      Validation validation, Search search, Imbalance imbalance, Threshold threshold,
                      boolean permutationImportance, String positiveClass, long seed, String modelName,
                      boolean numericOnly) {

    /** The name of the data source, dataset or training set. */
    public String source() {
        return dataset != null ? dataset : trainingSet;
    }

    /** One declared feature: kind numeric, categorical or ignored. */
    public record Feature(String name, String kind) {
    }

    /**
     * Preprocessing as declared.
     *
     * @param imputation numeric imputation: mean, median, most-frequent, constant
     * @param fillValue the constant of constant numeric imputation
     * @param missingIndicators add a 0/1 "was missing" column per numeric feature with missing values
     * @param categoricalImputation most-frequent, constant or none
     * @param categoricalFill the constant of constant categorical imputation
     * @param oneHot the one-hot encoding policy
     * @param scaling standard, minmax or none
     * @param pca null, or the projection
     * @param selection null, or feature selection
     */
    public record Preprocessing(String imputation, double fillValue, boolean missingIndicators,
                                String categoricalImputation, String categoricalFill, OneHot oneHot, String scaling,
                                Pca pca, Selection selection) {
    }

    /** Unseen categories: ignore (all zeros) or error; {@code maxLevels} 0 = no cap. */
    public record OneHot(String unseen, int maxLevels) {
    }

    /** Either a number of components or an explained-variance target in (0, 1]. */
    public record Pca(int components, double varianceTarget) {
    }

    /** Selection steps; null / 0 switch a step off. */
    public record Selection(Double varianceThreshold, double correlationThreshold, int recursiveElimination) {
    }

    /** kind holdout, kfold, stratified-kfold, repeated-kfold or repeated-stratified-kfold. */
    public record Validation(String kind, int folds, int repeats, double holdoutFraction) {
    }

    /** strategy grid, random or successive-halving; {@code metric} selected on, maximised unless an error. */
    public record Search(String strategy, Map<String, Space> space, int trials, String metric) {
    }

    /** A list of values, or a range [min, max] (log-uniform when {@code log}, rounded when {@code integer}). */
    public record Space(List<String> values, Double min, Double max, boolean log, boolean integer) {
    }

    /** strategy class-weights, undersample or oversample; {@code ratio} in (0, 1] for sampling. */
    public record Imbalance(String strategy, double ratio) {
    }

    /** objective max-f1, target-recall or target-precision; {@code target} in (0, 1] for the targets. */
    public record Threshold(String objective, double target) {
    }
}
