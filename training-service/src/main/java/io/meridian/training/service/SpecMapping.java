package io.meridian.training.service;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.meridian.training.engine.TrainingRequest;
import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;
import io.meridian.training.engine.TrainingRequest.ParamSpace;
import io.meridian.training.engine.TrainingRequest.SearchSpec;
import io.meridian.training.engine.TrainingRequest.ThresholdSpec;
import io.meridian.training.engine.TrainingRequest.ValidationPlan;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.ModelTrainers;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.prep.PreprocessingSpec.Imputation;
import io.meridian.training.engine.prep.PreprocessingSpec.Scaling;
import io.meridian.training.engine.prep.PreprocessingSpec.SelectionSpec;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;
import io.meridian.training.model.JobSpec;

/**
 * Maps a validated {@link JobSpec} and the task resolved from the data to the engine's {@link TrainingRequest}.
 * What the validator could not check before the task was known (a threshold on a multiclass label, stratified
 * folds on a regression label, ...) is a {@link JobFailure} here.
 */
public final class SpecMapping {
    private SpecMapping() {
    }

    /** The validation kind token: the declared one, else stratified-kfold (classification) or kfold. */
    static String validationKind(JobSpec spec, Task task) {
        String kind = spec.validation().kind();
        if (kind == null) {
            return task.isClassification() ? "stratified-kfold" : "kfold";
        }
        return kind;
    }

    public static TrainingRequest toRequest(JobSpec spec, Task task, ModelTrainers trainers) {
        String taskName = task.name().toLowerCase(Locale.ROOT);
        ModelTrainer trainer = trainers.find(spec.algorithm()).orElseThrow(() -> new JobFailure("Unknown algorithm '"
            + spec.algorithm() + "'."));
        if (!trainer.tasks().contains(task)) {
            throw new JobFailure("Algorithm '" + spec.algorithm() + "' does not support the " + taskName
                + " task of the label '" + spec.label() + "'" + (task == Task.REGRESSION
                ? "; use linear-regression, xgboost or random-forest." : "."));
        }
        String kind = validationKind(spec, task);
        if (task == Task.REGRESSION && kind.contains("stratified")) {
            throw new JobFailure("validation " + kind + " keeps class proportions, but the label '" + spec.label()
                + "' is a regression target; use kfold.");
        }
        ValidationPlan validation = new ValidationPlan(ValidationPlan.Kind.valueOf(kind.toUpperCase(Locale.ROOT)
            .replace('-', '_')), spec.validation().folds(), spec.validation().repeats(),
            spec.validation().holdoutFraction());

        SearchSpec search = null;
        if (spec.search() != null) {
            String metric = spec.search().metric() != null ? spec.search().metric()
                : task == Task.BINARY ? "roc_auc" : task == Task.MULTICLASS ? "accuracy" : "rmse";
            Map<String, Boolean> metrics = task.isClassification() ? JobSpecValidator.CLASSIFICATION_METRICS
                : JobSpecValidator.REGRESSION_METRICS;
            if (!metrics.containsKey(metric)) {
                throw new JobFailure("search.metric '" + metric + "' does not apply to the " + taskName + " task.");
            }
            Map<String, ParamSpace> space = new LinkedHashMap<>();
            spec.search().space().forEach((name, s) -> space.put(name, s.values() != null
                ? ParamSpace.of(s.values()) : ParamSpace.range(s.min(), s.max(), s.log(), s.integer())));
            search = new SearchSpec(SearchSpec.Strategy.valueOf(spec.search().strategy().toUpperCase(Locale.ROOT)
                .replace('-', '_')), space, spec.search().trials(), metric, metrics.get(metric));
        }
        ImbalanceSpec imbalance = null;
        if (spec.imbalance() != null) {
            if (task == Task.REGRESSION) {
                throw new JobFailure("imbalance applies to classification; the label '" + spec.label()
                    + "' is a regression target.");
            }
            imbalance = new ImbalanceSpec(switch (spec.imbalance().strategy()) {
                case "class-weights" -> ImbalanceSpec.Strategy.CLASS_WEIGHTS;
                case "undersample" -> ImbalanceSpec.Strategy.UNDER_SAMPLE;
                default -> ImbalanceSpec.Strategy.OVER_SAMPLE;
            }, spec.imbalance().ratio());
        }
        ThresholdSpec threshold = null;
        if (spec.threshold() != null) {
            if (task != Task.BINARY) {
                throw new JobFailure("threshold tuning applies to a binary task; the label '" + spec.label()
                    + "' is " + taskName + ".");
            }
            threshold = new ThresholdSpec(switch (spec.threshold().objective()) {
                case "target-recall" -> ThresholdSpec.Objective.TARGET_RECALL;
                case "target-precision" -> ThresholdSpec.Objective.TARGET_PRECISION;
                default -> ThresholdSpec.Objective.MAX_F1;
            }, spec.threshold().target());
        }
        return new TrainingRequest(task, spec.positiveClass(), preprocessing(spec.preprocessing()), spec.algorithm(),
            spec.hyperparameters(), validation, search, imbalance, threshold, spec.permutationImportance(),
            spec.seed());
    }

    static PreprocessingSpec preprocessing(JobSpec.Preprocessing p) {
        JobSpec.Selection s = p.selection();
        SelectionSpec selection = s == null ? SelectionSpec.NONE : new SelectionSpec(
            s.varianceThreshold() == null ? -1 : s.varianceThreshold(), s.correlationThreshold(),
            s.recursiveElimination());
        return new PreprocessingSpec(imputation(p.imputation()), p.fillValue(), p.missingIndicators(),
            imputation(p.categoricalImputation()), p.categoricalFill(),
            "error".equals(p.oneHot().unseen()) ? UnseenPolicy.ERROR : UnseenPolicy.IGNORE, p.oneHot().maxLevels(),
            switch (p.scaling()) {
                case "minmax" -> Scaling.MIN_MAX;
                case "none" -> Scaling.NONE;
                default -> Scaling.STANDARD;
            }, p.pca() == null ? 0 : p.pca().components(), p.pca() == null ? 0 : p.pca().varianceTarget(), selection);
    }

    private static Imputation imputation(String token) {
        return Imputation.valueOf(token.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
}
