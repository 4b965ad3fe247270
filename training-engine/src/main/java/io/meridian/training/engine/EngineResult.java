package io.meridian.training.engine;

import java.util.List;
import java.util.Map;

import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.prep.FittedPreprocessor;

/**
 * What a finished training run produced.
 *
 * @param task the task
 * @param classes class names in probability-column order (empty for regression)
 * @param positiveClass the positive class of a binary task, else null
 * @param metrics the mean of every metric over the validation folds (accuracy, precision, recall, f1, roc_auc,
 *                pr_auc, log_loss, balanced_accuracy; rmse, mae, r2, mape)
 * @param metricsStd the standard deviation of every metric over the folds (0 for a single holdout)
 * @param folds every fold's metrics
 * @param baseline the same metrics for the majority-class (classification) or mean (regression) baseline,
 *                 mean over the folds
 * @param confusionMatrix out-of-fold confusion matrix, [actual][predicted] in {@code classes} order (null for
 *                        regression)
 * @param perClass per class: precision, recall, f1, support (out-of-fold; empty for regression)
 * @param roc ROC curve points of the out-of-fold binary predictions (null otherwise)
 * @param pr precision-recall curve points of the out-of-fold binary predictions (null otherwise)
 * @param trials every search trial (empty without search)
 * @param hyperparameters the hyperparameters of the final model
 * @param threshold the tuned (or default 0.5) decision threshold of a binary model, NaN otherwise
 * @param modelImportance the final model's own importance (coefficients or gain), ranked
 * @param permutationImportance permutation importance on validation data by raw feature, ranked (empty when
 *                              not requested)
 * @param droppedColumns encoded columns dropped by feature selection, with the reason
 * @param preprocessor the preprocessing fitted on all training rows
 * @param model the model refitted on all training rows
 * @param onnx the exported graph
 * @param parityMaxAbsDiff max |ONNX - Java| over the parity rows and outputs
 * @param parityRows rows the parity check used
 * @param referenceProfile per raw feature, the training distribution (for drift detection)
 * @param rows rows the engine received
 */
public record EngineResult(Task task, List<String> classes, String positiveClass, Map<String, Double> metrics,
                           Map<String, Double> metricsStd, List<FoldResult> folds, Map<String, Double> baseline,
                           long[][] confusionMatrix, Map<String, Map<String, Double>> perClass, Curve roc, Curve pr,
                           List<Trial> trials, Map<String, String> hyperparameters, double threshold,
                           List<FeatureImportance> modelImportance, List<FeatureImportance> permutationImportance,
                           Map<String, String> droppedColumns, FittedPreprocessor preprocessor, TrainedModel model,
                           byte[] onnx, double parityMaxAbsDiff, int parityRows,
                           Map<String, FeatureProfile> referenceProfile, int rows) {

    /** One validation fold. */
    public record FoldResult(int repeat, int fold, int trainRows, int validationRows, Map<String, Double> metrics) {
    }

    /** Curve points: x (FPR or recall), y (TPR or precision) and the score threshold of each point. */
    public record Curve(double[] x, double[] y, double[] thresholds) {
    }

    /**
     * One search trial.
     *
     * @param number 1-based, in the order trials ran
     * @param hyperparameters the trial's values
     * @param metrics mean validation metrics
     * @param score the selection metric's mean
     * @param rows training rows per fold the trial used (successive halving uses fewer in early rungs)
     * @param status "completed" or "failed: reason"
     */
    public record Trial(int number, Map<String, String> hyperparameters, Map<String, Double> metrics, double score,
                        int rows, String status) {
    }

    /**
     * A raw feature's training distribution.
     *
     * @param kind numeric or categorical
     * @param count non-missing values
     * @param missing missing values
     * @param quantiles numeric: the 0, 0.1, ..., 1.0 quantiles (11 values); empty for categorical
     * @param histogramEdges numeric: bin edges (bins + 1 values)
     * @param histogramCounts numeric: counts per bin
     * @param categoryFrequencies categorical: share of each category among non-missing values
     * @param mean numeric mean (NaN for categorical)
     * @param std numeric standard deviation (NaN for categorical)
     */
    public record FeatureProfile(FeatureKind kind, long count, long missing, double[] quantiles,
                                 double[] histogramEdges, long[] histogramCounts,
                                 Map<String, Double> categoryFrequencies, double mean, double std) {
    }
}
