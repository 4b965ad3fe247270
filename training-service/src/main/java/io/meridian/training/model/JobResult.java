package io.meridian.training.model;

import java.util.List;
import java.util.Map;

/**
 * What a succeeded job reports besides its mean metrics: the validation detail, what drove the model, the
 * search trials, the data lineage and the parity check. Non-finite numbers are stored as null.
 *
 * @param task binary, multiclass or regression
 * @param classes class names in probability-column order (empty for regression)
 * @param positiveClass the positive class of a binary task
 * @param threshold the decision threshold of a binary model (tuned, or 0.5)
 * @param metricsStd standard deviation of every metric over the folds
 * @param baseline the majority-class (or mean) baseline's metrics, mean over the folds
 * @param folds every validation fold's metrics
 * @param confusionMatrix out-of-fold, [actual][predicted] in {@code classes} order (null for regression)
 * @param perClass per class: precision, recall, f1, support
 * @param roc ROC curve points (binary)
 * @param pr precision-recall curve points (binary)
 * @param trials every search trial (empty without search)
 * @param hyperparameters the final model's hyperparameters
 * @param importance the model's own importance (coefficients or gain), ranked
 * @param permutationImportance permutation importance by raw feature, ranked (empty unless requested)
 * @param droppedColumns encoded columns dropped by feature selection, with the reason
 * @param features the raw features the model takes, with their kind
 * @param parity the ONNX Runtime vs Java check
 * @param lineage where the data came from
 */
public record JobResult(String task, List<String> classes, String positiveClass, Double threshold,
                        Map<String, Double> metricsStd, Map<String, Double> baseline, List<Fold> folds,
                        long[][] confusionMatrix, Map<String, Map<String, Double>> perClass, Curve roc, Curve pr,
                        List<Trial> trials, Map<String, String> hyperparameters, List<Importance> importance,
                        List<Importance> permutationImportance, Map<String, String> droppedColumns,
                        List<JobSpec.Feature> features, Parity parity, Lineage lineage) {

    /** One validation fold (1-based repeat and fold numbers). */
    public record Fold(int repeat, int fold, int trainRows, int validationRows, Map<String, Double> metrics) {
    }

    /** Curve points: x (false-positive rate or recall), y (true-positive rate or precision), thresholds. */
    public record Curve(List<Double> x, List<Double> y, List<Double> thresholds) {
    }

    /** One search trial. */
    public record Trial(int number, Map<String, String> hyperparameters, Map<String, Double> metrics, Double score,
                        int rows, String status) {
    }

    /** One ranked importance entry; kind coefficient, gain, split or permutation. */
    public record Importance(String feature, Double importance, Double signed, String kind) {
    }

    /** Max |ONNX Runtime - Java| over {@code rows} rows, and the tolerance it was held to. */
    public record Parity(Double maxAbsDiff, int rows, double tolerance) {
    }

    /**
     * The data a model was trained on.
     *
     * @param source "ingest-service" or "feature-service"
     * @param dataset the dataset or training set name
     * @param contractVersion the ingest dataset contract version (0 when unknown)
     * @param ingestionRunIds the ingestion runs the rows came from (as far as the source reports them)
     * @param rowsRead rows the source returned
     * @param rows labelled rows trained and validated on
     * @param contentSha256 SHA-256 of the used columns of every row, in a canonical (sorted) order
     */
    public record Lineage(String source, String dataset, int contractVersion, List<String> ingestionRunIds,
                          long rowsRead, long rows, String contentSha256) {
    }
}
