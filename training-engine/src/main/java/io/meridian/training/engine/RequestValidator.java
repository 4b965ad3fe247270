package io.meridian.training.engine;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;
import io.meridian.training.engine.TrainingRequest.ParamSpace;
import io.meridian.training.engine.TrainingRequest.SearchSpec;
import io.meridian.training.engine.TrainingRequest.ThresholdSpec;
import io.meridian.training.engine.TrainingRequest.ValidationPlan;
import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.HyperparameterDef;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.ModelTrainers;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.prep.PreprocessingSpec.Imputation;

/** Checks a request against the data and the algorithm before any work; every failure names the field. */
final class RequestValidator {
    static final Set<String> BINARY_METRICS = Set.of("accuracy", "precision", "recall", "f1", "roc_auc", "pr_auc",
        "log_loss", "balanced_accuracy");
    static final Set<String> MULTICLASS_METRICS = Set.of("accuracy", "precision", "recall", "f1", "log_loss",
        "balanced_accuracy");
    static final Set<String> REGRESSION_METRICS = Set.of("rmse", "mae", "r2", "mape");

    private RequestValidator() {
    }

    static Set<String> metrics(Task task) {
        return switch (task) {
            case BINARY -> BINARY_METRICS;
            case MULTICLASS -> MULTICLASS_METRICS;
            case REGRESSION -> REGRESSION_METRICS;
        };
    }

    /**
     * The checks that need no data: the algorithm exists and supports the task, hyperparameters are declared
     * and in range, and the validation plan, imbalance, threshold, search and preprocessing settings are
     * consistent. Returns the trainer.
     */
    static ModelTrainer validateSpec(TrainingRequest request, ModelTrainers trainers) {
        ModelTrainer trainer = trainers.find(request.algorithm()).orElseThrow(() -> new TrainingException(
            "algorithm", "unknown algorithm '" + request.algorithm() + "'; known: "
                + new TreeSet<>(trainers.all().stream().map(ModelTrainer::id).toList())));
        Task task = request.task();
        if (!trainer.tasks().contains(task)) {
            throw new TrainingException("algorithm", "algorithm '" + trainer.id() + "' does not support task "
                + task + "; it supports " + trainer.tasks());
        }
        checkHyperparameters(trainer, request.hyperparameters(), "hyperparameters");
        validatePlanShape(request.validation(), task);
        validateImbalance(request.imbalance(), task);
        validateThreshold(request.threshold(), task);
        validateSearch(request.search(), trainer, task);
        validatePreprocessingSpec(request.preprocessing());
        return trainer;
    }

    /** Every check, with the data; returns the trainer. */
    static ModelTrainer validate(TrainingRequest request, Frame frame, Target target, ModelTrainers trainers) {
        ModelTrainer trainer = validateSpec(request, trainers);
        Task task = request.task();
        if (target.task() != task) {
            throw new TrainingException("task", "the label was prepared for task " + target.task()
                + " but the request asks for " + task);
        }
        if (frame.columns().isEmpty()) {
            throw new TrainingException("features", "there are no features to train on");
        }
        if (frame.rows() != target.rows()) {
            throw new TrainingException("label", "the label has " + target.rows() + " values for " + frame.rows()
                + " rows");
        }
        for (FeatureColumn column : frame.columns()) {
            if (column.kind() == FeatureKind.NUMERIC) {
                double[] values = frame.numeric(column.name());
                for (int i = 0; i < values.length; i++) {
                    if (Double.isInfinite(values[i])) {
                        throw new TrainingException("features." + column.name(), "numeric feature '"
                            + column.name() + "' has an infinite value at row " + (i + 1));
                    }
                }
            }
        }
        validateLabel(task, target);
        validatePreprocessing(request.preprocessing(), frame);
        validatePlan(request.validation(), frame.rows(), target);
        return trainer;
    }

    private static void validateLabel(Task task, Target target) {
        if (task.isClassification()) {
            int[] counts = classCounts(target);
            long present = Arrays.stream(counts).filter(c -> c > 0).count();
            if (present < 2) {
                String only = target.rows() == 0 ? "there are no rows"
                    : "every row is class '" + target.classes().get(target.classIndex()[0]) + "'";
                throw new TrainingException("label", "the label is constant: " + only);
            }
            if (task == Task.BINARY && target.classes().size() != 2) {
                throw new TrainingException("task", "a binary task needs exactly 2 classes, the label has "
                    + target.classes().size() + ": " + target.classes());
            }
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] == 0) {
                    throw new TrainingException("label", "class '" + target.classes().get(c) + "' has no rows");
                }
            }
        } else {
            double[] v = target.values();
            for (int i = 0; i < v.length; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new TrainingException("label", "the regression label has a missing or non-finite value "
                        + "at row " + (i + 1));
                }
            }
            if (v.length == 0 || Arrays.stream(v).allMatch(x -> x == v[0])) {
                throw new TrainingException("label", "the label is constant: every row is " + (v.length == 0 ? "absent"
                    : v[0]));
            }
        }
    }

    private static void validatePreprocessing(PreprocessingSpec spec, Frame frame) {
        boolean numeric = frame.columns().stream().anyMatch(c -> c.kind() == FeatureKind.NUMERIC);
        boolean categorical = frame.columns().stream().anyMatch(c -> c.kind() == FeatureKind.CATEGORICAL);
        if (numeric && spec.numericImputation() == Imputation.NONE) {
            throw new TrainingException("preprocessing.numericImputation", "NONE applies to categorical features "
                + "only; numeric features need MEAN, MEDIAN, MOST_FREQUENT or CONSTANT");
        }
        if (numeric && spec.numericImputation() == Imputation.CONSTANT && !Double.isFinite(spec.numericFill())) {
            throw new TrainingException("preprocessing.numericFill", "the constant fill must be a finite number, got "
                + spec.numericFill());
        }
        if (categorical && (spec.categoricalImputation() == Imputation.MEAN
            || spec.categoricalImputation() == Imputation.MEDIAN)) {
            throw new TrainingException("preprocessing.categoricalImputation", spec.categoricalImputation()
                + " does not apply to categories; use MOST_FREQUENT, CONSTANT or NONE");
        }
        if (categorical && spec.categoricalImputation() == Imputation.CONSTANT && spec.categoricalFill() == null) {
            throw new TrainingException("preprocessing.categoricalFill", "CONSTANT categorical imputation needs a "
                + "fill value");
        }
    }

    private static void validatePreprocessingSpec(PreprocessingSpec spec) {
        if (spec.maxLevels() < 0) {
            throw new TrainingException("preprocessing.maxLevels", "must be 0 (no cap) or positive, got "
                + spec.maxLevels());
        }
        if (spec.pcaComponents() < 0) {
            throw new TrainingException("preprocessing.pcaComponents", "must be 0 (no PCA) or positive, got "
                + spec.pcaComponents());
        }
        if (!(spec.pcaVariance() >= 0 && spec.pcaVariance() <= 1)) {
            throw new TrainingException("preprocessing.pcaVariance", "must be in (0, 1], or 0 when unused, got "
                + spec.pcaVariance());
        }
        if (spec.pcaComponents() > 0 && spec.pcaVariance() > 0) {
            throw new TrainingException("preprocessing.pcaVariance", "give either pcaComponents or pcaVariance, "
                + "not both");
        }
        if (spec.selection().recursiveElimination() < 0) {
            throw new TrainingException("preprocessing.selection.recursiveElimination", "must be 0 (off) or "
                + "positive, got " + spec.selection().recursiveElimination());
        }
    }

    static int[] classCounts(Target target) {
        int[] counts = new int[target.classes().size()];
        for (int c : target.classIndex()) {
            counts[c]++;
        }
        return counts;
    }

    private static void validatePlanShape(ValidationPlan plan, Task task) {
        ValidationPlan.Kind kind = plan.kind();
        if (kind == ValidationPlan.Kind.HOLDOUT) {
            if (!(plan.holdoutFraction() > 0 && plan.holdoutFraction() < 1)) {
                throw new TrainingException("validation.holdoutFraction", "the holdout fraction must be in (0, 1), "
                    + "got " + plan.holdoutFraction());
            }
            return;
        }
        if (plan.folds() < 2) {
            throw new TrainingException("validation.folds", "k-fold validation needs at least 2 folds, got "
                + plan.folds());
        }
        boolean repeated = kind == ValidationPlan.Kind.REPEATED_KFOLD
            || kind == ValidationPlan.Kind.REPEATED_STRATIFIED_KFOLD;
        if (repeated && plan.repeats() < 1) {
            throw new TrainingException("validation.repeats", "repeated k-fold needs at least 1 repeat, got "
                + plan.repeats());
        }
        boolean stratified = kind == ValidationPlan.Kind.STRATIFIED_KFOLD
            || kind == ValidationPlan.Kind.REPEATED_STRATIFIED_KFOLD;
        if (stratified && !task.isClassification()) {
            throw new TrainingException("validation.kind", kind + " keeps class proportions and needs a "
                + "classification task; use KFOLD for regression");
        }
    }

    private static void validatePlan(ValidationPlan plan, int rows, Target target) {
        ValidationPlan.Kind kind = plan.kind();
        if (kind == ValidationPlan.Kind.HOLDOUT) {
            int held = (int) Math.round(rows * plan.holdoutFraction());
            if (held < 1 || rows - held < 2) {
                throw new TrainingException("validation.holdoutFraction", "too few rows: a holdout of "
                    + plan.holdoutFraction() + " of " + rows + " rows leaves an empty training or evaluation part");
            }
            if (target.task().isClassification()) {
                int[] counts = classCounts(target);
                for (int c = 0; c < counts.length; c++) {
                    if (counts[c] < 2) {
                        throw new TrainingException("label", "class '" + target.classes().get(c) + "' has "
                            + counts[c] + " row; a stratified holdout needs at least 2 per class");
                    }
                }
            }
            return;
        }
        if (rows < 2 * plan.folds()) {
            throw new TrainingException("validation.folds", "too few rows for the folds: " + rows + " rows cannot "
                + "make " + plan.folds() + " folds with at least 2 rows each");
        }
        boolean stratified = kind == ValidationPlan.Kind.STRATIFIED_KFOLD
            || kind == ValidationPlan.Kind.REPEATED_STRATIFIED_KFOLD;
        if (stratified) {
            int[] counts = classCounts(target);
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] < plan.folds()) {
                    throw new TrainingException("validation.folds", "class '" + target.classes().get(c) + "' has "
                        + counts[c] + " rows, fewer than the " + plan.folds() + " folds of stratified validation");
                }
            }
        }
    }

    private static void validateImbalance(ImbalanceSpec spec, Task task) {
        if (spec == null || spec.strategy() == ImbalanceSpec.Strategy.NONE) {
            return;
        }
        if (!task.isClassification()) {
            throw new TrainingException("imbalance", "imbalance handling applies to classification tasks only");
        }
        boolean sampling = spec.strategy() == ImbalanceSpec.Strategy.UNDER_SAMPLE
            || spec.strategy() == ImbalanceSpec.Strategy.OVER_SAMPLE;
        if (sampling && !(spec.ratio() > 0 && spec.ratio() <= 1)) {
            throw new TrainingException("imbalance.ratio", "the minority:majority ratio must be in (0, 1], got "
                + spec.ratio());
        }
    }

    private static void validateThreshold(ThresholdSpec spec, Task task) {
        if (spec == null) {
            return;
        }
        if (task != Task.BINARY) {
            throw new TrainingException("threshold", "threshold tuning applies to binary tasks only");
        }
        if (spec.objective() != ThresholdSpec.Objective.MAX_F1 && !(spec.target() > 0 && spec.target() <= 1)) {
            throw new TrainingException("threshold.target", "the " + spec.objective() + " target must be in "
                + "(0, 1], got " + spec.target());
        }
    }

    private static void validateSearch(SearchSpec spec, ModelTrainer trainer, Task task) {
        if (spec == null) {
            return;
        }
        if (spec.trials() < 1) {
            throw new TrainingException("search.trials", "the trial budget must be at least 1, got "
                + spec.trials());
        }
        if (spec.space().isEmpty()) {
            throw new TrainingException("search.space", "the search space declares no hyperparameter");
        }
        if (spec.metric() == null || !metrics(task).contains(spec.metric())) {
            throw new TrainingException("search.metric", "'" + spec.metric() + "' is not a metric of a " + task
                + " task; choose one of " + new TreeSet<>(metrics(task)));
        }
        for (Map.Entry<String, ParamSpace> e : spec.space().entrySet()) {
            HyperparameterDef def = trainer.hyperparameters().get(e.getKey());
            String field = "search.space." + e.getKey();
            if (def == null) {
                throw new TrainingException(field, "algorithm '" + trainer.id() + "' has no hyperparameter '"
                    + e.getKey() + "'; known: " + new TreeSet<>(trainer.hyperparameters().keySet()));
            }
            ParamSpace s = e.getValue();
            if (s.isRange()) {
                if (def.type() == HyperparameterDef.Type.CHOICE) {
                    throw new TrainingException(field, "'" + e.getKey() + "' is a choice: give a list of values");
                }
                if (!(Double.isFinite(s.min()) && Double.isFinite(s.max()) && s.min() <= s.max())) {
                    throw new TrainingException(field, "a range needs finite min <= max, got [" + s.min() + ", "
                        + s.max() + "]");
                }
                if (s.log() && s.min() <= 0) {
                    throw new TrainingException(field, "a log range needs min > 0, got " + s.min());
                }
            }
        }
    }

    /** Checks hyperparameter names and values against the algorithm's declarations. */
    static void checkHyperparameters(ModelTrainer trainer, Map<String, String> values, String prefix) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            HyperparameterDef def = trainer.hyperparameters().get(e.getKey());
            String field = prefix + "." + e.getKey();
            if (def == null) {
                throw new TrainingException(field, "algorithm '" + trainer.id() + "' has no hyperparameter '"
                    + e.getKey() + "'; known: " + new TreeSet<>(trainer.hyperparameters().keySet()));
            }
            String text = e.getValue() == null ? "" : e.getValue().trim();
            if (def.type() == HyperparameterDef.Type.CHOICE) {
                if (!def.choices().contains(text)) {
                    throw new TrainingException(field, "'" + text + "' is not one of " + def.choices());
                }
                continue;
            }
            double value;
            try {
                value = def.type() == HyperparameterDef.Type.INT ? Long.parseLong(text) : Double.parseDouble(text);
            } catch (NumberFormatException ex) {
                throw new TrainingException(field, "'" + text + "' is not " + (def.type()
                    == HyperparameterDef.Type.INT ? "an integer" : "a number"));
            }
            if (!Double.isFinite(value)) {
                throw new TrainingException(field, "'" + text + "' is not a finite number");
            }
            if (!Double.isNaN(def.min()) && value < def.min()) {
                throw new TrainingException(field, e.getKey() + " must be at least " + def.min() + ", got " + text);
            }
            if (!Double.isNaN(def.max()) && value > def.max()) {
                throw new TrainingException(field, e.getKey() + " must be at most " + def.max() + ", got " + text);
            }
        }
    }
}
