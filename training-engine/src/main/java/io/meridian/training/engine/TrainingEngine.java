package io.meridian.training.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import io.meridian.training.engine.EngineResult.Curve;
import io.meridian.training.engine.EngineResult.FoldResult;
import io.meridian.training.engine.EngineResult.Trial;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.imbalance.Rebalancer;
import io.meridian.training.engine.importance.PermutationImportance;
import io.meridian.training.engine.metrics.Baseline;
import io.meridian.training.engine.metrics.ClassificationMetrics;
import io.meridian.training.engine.metrics.Curves;
import io.meridian.training.engine.metrics.FoldSummary;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.ModelTrainers;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.onnx.ExportOptions;
import io.meridian.training.engine.onnx.OnnxScorer;
import io.meridian.training.engine.onnx.PipelineExporter;
import io.meridian.training.engine.prep.Preprocessor;
import io.meridian.training.engine.profile.ReferenceProfiler;
import io.meridian.training.engine.search.HyperparameterSearch;
import io.meridian.training.engine.threshold.ThresholdTuner;
import io.meridian.training.engine.validation.Fold;
import io.meridian.training.engine.validation.Splitter;

/**
 * Trains, validates and exports one tabular model.
 *
 * <p>A run: checks the request against the data ({@link TrainingException} naming the field); runs the
 * optional hyperparameter search (every candidate cross-validated); cross-validates the chosen hyperparameters
 * (preprocessing and imbalance handling fitted on the training part of every fold only) and summarises the
 * folds beside the baseline; tunes the binary threshold on the out-of-fold predictions; computes permutation
 * importance on the validation folds when asked; refits preprocessing and model on all rows; exports the whole
 * pipeline as one ONNX graph and verifies it against the Java pipeline ({@link ParityCheck}) before returning.
 *
 * <p>Threshold-dependent metrics (accuracy, precision, recall, F1, balanced accuracy, confusion matrix) are
 * reported at the tuned threshold; because it was chosen on those same out-of-fold predictions they are
 * slightly optimistic. Threshold-free metrics (ROC-AUC, PR-AUC, log loss) are not affected.
 *
 * <p>Deterministic: the same request, data and seed give the same folds, trials, metrics and model. Progress
 * goes to the {@link EngineListener}; a {@link java.util.concurrent.CancellationException} it throws ends the
 * run. The engine is stateless and may run several jobs at once.
 */
public final class TrainingEngine {
    /** Shuffles per feature for permutation importance. */
    static final int PERMUTATION_REPEATS = 3;

    private final ModelTrainers trainers;
    private final PipelineExporter exporter;
    private final OnnxScorer scorer;
    private final double parityTolerance;

    /**
     * @param trainers the algorithms
     * @param exporter writes the ONNX graph
     * @param scorer runs it with ONNX Runtime for the parity check
     * @param parityTolerance the largest accepted |ONNX - Java| difference (1e-5 in production)
     */
    public TrainingEngine(ModelTrainers trainers, PipelineExporter exporter, OnnxScorer scorer,
                          double parityTolerance) {
        this.trainers = Objects.requireNonNull(trainers, "trainers");
        this.exporter = Objects.requireNonNull(exporter, "exporter");
        this.scorer = Objects.requireNonNull(scorer, "scorer");
        if (!(parityTolerance >= 0)) {
            throw new IllegalArgumentException("parityTolerance must be >= 0, got " + parityTolerance);
        }
        this.parityTolerance = parityTolerance;
    }

    /**
     * The checks that need no data, for rejecting a request before a job is created: the algorithm exists and
     * supports the task, the hyperparameters are declared and in range, and the validation plan, imbalance,
     * threshold, search and preprocessing settings are consistent. {@link #run} repeats them and adds the checks
     * against the data (label, row and class counts, feature kinds).
     *
     * @throws TrainingException naming the field at fault
     */
    public void checkRequest(TrainingRequest request) {
        RequestValidator.validateSpec(request, trainers);
    }

    /**
     * Runs a training job.
     *
     * @param request the resolved job specification
     * @param frame the feature columns (every column is a model input), one row per example
     * @param target the label of every row
     * @param listener progress (fraction in [0, 1] and a short message)
     * @throws TrainingException when the request does not fit the data, training fails, or the export does not
     *                           match the Java pipeline
     * @throws java.util.concurrent.CancellationException when the listener cancels
     */
    public EngineResult run(TrainingRequest request, Frame frame, Target target, EngineListener listener) {
        listener.progress(0, "checking the request against " + frame.rows() + " rows");
        target = resolvePositive(request, target);
        ModelTrainer trainer = RequestValidator.validate(request, frame, target, trainers);
        Task task = request.task();
        long seed = request.seed();
        List<Fold> folds = folds(request, frame.rows(), target);
        CrossValidation cv = new CrossValidation(frame, target, trainer, request.preprocessing(),
            request.imbalance(), folds, seed);

        Map<String, String> hyperparameters = new TreeMap<>(request.hyperparameters());
        List<Trial> trials = List.of();
        double cvStart = 0.02;
        if (request.search() != null) {
            HyperparameterSearch.Outcome outcome = search(request, trainer, cv, hyperparameters, listener);
            trials = outcome.trials();
            hyperparameters = new TreeMap<>(outcome.best().hyperparameters());
            cvStart = 0.6;
        }

        double cvEnd = request.permutationImportance() ? cvStart + (0.8 - cvStart) * 0.7 : 0.8;
        double from = cvStart;
        CrossValidation.Run run;
        try {
            run = cv.run(hyperparameters, 1.0, done -> listener.progress(from + (cvEnd - from) * done / folds.size(),
                "validated fold " + done + " of " + folds.size()));
        } catch (IllegalArgumentException e) {
            throw new TrainingException(null, "training failed during validation: " + e.getMessage(), e);
        }

        Evaluation evaluation = evaluate(request, target, run);
        List<FeatureImportance> permutation = List.of();
        if (request.permutationImportance()) {
            permutation = permutationImportance(frame, target, run, seed, listener, cvEnd);
        }

        listener.progress(0.82, "refitting on all " + frame.rows() + " rows");
        Preprocessor.Fit fit;
        TrainedModel model;
        try {
            fit = Preprocessor.fitWithReport(request.preprocessing(), frame, target, cv.rfe(hyperparameters));
            int[] all = new int[frame.rows()];
            java.util.Arrays.setAll(all, i -> i);
            Rebalancer.Rebalanced rebalanced = task.isClassification()
                ? Rebalancer.apply(request.imbalance(), all, target.classIndex(), target.classes().size(),
                    Seeds.derive(seed, 300))
                : new Rebalancer.Rebalanced(all, null);
            boolean same = rebalanced.rows() == all;
            double[][] x = Preprocessor.transform(fit.preprocessor(), same ? frame : frame.rows(rebalanced.rows()));
            model = trainer.fit(x, fit.preprocessor().outputNames(), same ? target : target.rows(rebalanced.rows()),
                rebalanced.weights(), hyperparameters, seed);
        } catch (IllegalArgumentException e) {
            throw new TrainingException(null, "training failed on all rows: " + e.getMessage(), e);
        }

        listener.progress(0.9, "exporting the pipeline to ONNX");
        byte[] onnx;
        try {
            onnx = exporter.export(fit.preprocessor(), model, new ExportOptions("meridian_" + trainer.id()
                .replaceAll("[^A-Za-z0-9_]", "_"), 1, task == Task.BINARY ? evaluation.threshold : Double.NaN,
                exportMetadata(request, target, evaluation.threshold)));
        } catch (UnsupportedOperationException e) {
            throw new TrainingException("algorithm", "the model cannot be exported to ONNX: " + e.getMessage(), e);
        }

        listener.progress(0.95, "verifying the ONNX graph against the Java pipeline");
        Frame parityRows = frame.rows(ParityCheck.sample(frame.rows(), Seeds.derive(seed, 400)));
        ParityCheck.Result parity = ParityCheck.check(scorer, onnx, fit.preprocessor(), model, parityRows,
            evaluation.threshold, target.positiveClass(), parityTolerance);

        listener.progress(1, "done");
        return new EngineResult(task, target.classes(),
            task == Task.BINARY ? target.classes().get(target.positiveClass()) : null, evaluation.mean,
            evaluation.std, evaluation.folds, evaluation.baseline, evaluation.confusion, evaluation.perClass,
            evaluation.roc, evaluation.pr, trials, model.hyperparameters(),
            task == Task.BINARY ? evaluation.threshold : Double.NaN, model.importance(), permutation,
            fit.dropped(), fit.preprocessor(), model, onnx, parity.maxAbsDiff(), parity.rows(),
            ReferenceProfiler.profile(frame), frame.rows());
    }

    /** Stratified plans stratify; a classification holdout is stratified as well. */
    /**
     * The validation folds a run of {@code request} uses on {@code rows} rows: the same seed gives the same folds,
     * so a reference implementation can be evaluated on exactly these rows.
     *
     * @throws TrainingException (field "validation") when the plan does not fit the rows
     */
    public static List<Fold> folds(TrainingRequest request, int rows, Target target) {
        try {
            return Splitter.split(request.validation(), rows, stratify(request) ? target.classIndex() : null,
                Seeds.derive(request.seed(), 1));
        } catch (IllegalArgumentException e) {
            throw new TrainingException("validation", e.getMessage(), e);
        }
    }

    private static boolean stratify(TrainingRequest request) {
        return switch (request.validation().kind()) {
            case STRATIFIED_KFOLD, REPEATED_STRATIFIED_KFOLD -> true;
            case HOLDOUT -> request.task().isClassification();
            case KFOLD, REPEATED_KFOLD -> false;
        };
    }

    /** The request's positive class wins; else the target's; else "true" when present; else the last class. */
    private static Target resolvePositive(TrainingRequest request, Target target) {
        if (request.task() != Task.BINARY || target.task() != Task.BINARY) {
            return target;
        }
        int positive;
        if (request.positiveClass() != null) {
            positive = target.classes().indexOf(request.positiveClass());
            if (positive < 0) {
                throw new TrainingException("positiveClass", "positive class '" + request.positiveClass()
                    + "' is not a class of the label; classes: " + target.classes());
            }
        } else if (target.positiveClass() >= 0) {
            positive = target.positiveClass();
        } else {
            positive = target.classes().contains("true") ? target.classes().indexOf("true")
                : target.classes().size() - 1;
        }
        return positive == target.positiveClass() ? target
            : new Target(target.task(), target.classes(), target.classIndex(), positive, null);
    }

    private HyperparameterSearch.Outcome search(TrainingRequest request, ModelTrainer trainer, CrossValidation cv,
                                                Map<String, String> base, EngineListener listener) {
        HyperparameterSearch.Evaluator evaluator = (params, fraction) -> {
            try {
                RequestValidator.checkHyperparameters(trainer, params, "hyperparameters");
            } catch (TrainingException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            CrossValidation.Run run = cv.run(params, fraction, done -> { });
            return new HyperparameterSearch.Evaluation(run.mean(), run.trainRows());
        };
        try {
            return HyperparameterSearch.run(request.search(), base, evaluator, Seeds.derive(request.seed(), 2),
                (trial, planned) -> listener.progress(0.02 + 0.58 * Math.min(1.0, trial.number() / (double) planned),
                    "search trial " + trial.number() + " of " + planned + ": " + trial.status()));
        } catch (IllegalArgumentException e) {
            throw new TrainingException("search", e.getMessage(), e);
        }
    }

    /** Fold metrics at the tuned threshold, their summary, and the out-of-fold confusion and curves. */
    private static final class Evaluation {
        double threshold = Double.NaN;
        List<FoldResult> folds = new ArrayList<>();
        Map<String, Double> mean;
        Map<String, Double> std;
        Map<String, Double> baseline;
        long[][] confusion;
        Map<String, Map<String, Double>> perClass = Map.of();
        Curve roc;
        Curve pr;
    }

    private static Evaluation evaluate(TrainingRequest request, Target target, CrossValidation.Run run) {
        Evaluation e = new Evaluation();
        Task task = request.task();
        int total = run.folds().stream().mapToInt(f -> f.fold().validation().length).sum();
        int[] actual = task.isClassification() ? new int[total] : null;
        double[][] predictions = new double[total][];
        int n = 0;
        for (CrossValidation.FoldOutcome f : run.folds()) {
            for (int i = 0; i < f.fold().validation().length; i++) {
                if (actual != null) {
                    actual[n] = target.classIndex()[f.fold().validation()[i]];
                }
                predictions[n++] = f.predictions()[i];
            }
        }
        int positive = target.positiveClass();
        if (task == Task.BINARY) {
            boolean[] isPositive = new boolean[total];
            double[] score = new double[total];
            for (int i = 0; i < total; i++) {
                isPositive[i] = actual[i] == positive;
                score[i] = predictions[i][positive];
            }
            try {
                e.threshold = ThresholdTuner.tune(request.threshold(), isPositive, score);
            } catch (IllegalArgumentException ex) {
                throw new TrainingException("threshold.target", ex.getMessage(), ex);
            }
            e.roc = Curves.roc(isPositive, score);
            e.pr = Curves.precisionRecall(isPositive, score);
        }
        List<Map<String, Double>> foldMetrics = new ArrayList<>();
        List<Map<String, Double>> baselines = new ArrayList<>();
        for (CrossValidation.FoldOutcome f : run.folds()) {
            Map<String, Double> metrics = f.metrics();
            Map<String, Double> baseline = f.baseline();
            if (task == Task.BINARY && e.threshold != ThresholdTuner.DEFAULT) {
                int[] y = target.rows(f.fold().validation()).classIndex();
                metrics = ClassificationMetrics.compute(y, f.predictions(), positive, e.threshold);
                baseline = Baseline.classification(f.prior(), y, positive, e.threshold);
            }
            foldMetrics.add(metrics);
            baselines.add(baseline);
            e.folds.add(new FoldResult(f.fold().repeat(), f.fold().fold(), f.trainRows(),
                f.fold().validation().length, new LinkedHashMap<>(metrics)));
        }
        e.mean = FoldSummary.mean(foldMetrics);
        e.std = FoldSummary.std(foldMetrics);
        e.baseline = FoldSummary.mean(baselines);
        if (task.isClassification()) {
            int[] predicted = ClassificationMetrics.predict(predictions, task == Task.BINARY ? positive : -1,
                e.threshold);
            e.confusion = ClassificationMetrics.confusion(actual, predicted, target.classes().size());
            e.perClass = ClassificationMetrics.perClass(e.confusion, target.classes());
        }
        return e;
    }

    private static List<FeatureImportance> permutationImportance(Frame frame, Target target,
                                                                 CrossValidation.Run run, long seed,
                                                                 EngineListener listener, double start) {
        List<String> features = frame.columns().stream().map(c -> c.name()).toList();
        double[] sum = new double[features.size()];
        int counted = 0;
        int done = 0;
        for (CrossValidation.FoldOutcome f : run.folds()) {
            int[] rows = f.fold().validation();
            double[] drops;
            try {
                drops = PermutationImportance.drops(f.preprocessor(), f.model(), frame.rows(rows),
                    target.rows(rows), PERMUTATION_REPEATS, Seeds.derive(seed, 500 + done));
            } catch (IllegalArgumentException e) {
                throw new TrainingException(null, "permutation importance failed: " + e.getMessage(), e);
            }
            done++;
            listener.progress(start + (0.8 - start) * done / run.folds().size(),
                "permutation importance, fold " + done + " of " + run.folds().size());
            if (java.util.Arrays.stream(drops).anyMatch(Double::isNaN)) {
                continue;
            }
            for (int c = 0; c < sum.length; c++) {
                sum[c] += drops[c];
            }
            counted++;
        }
        if (counted == 0) {
            return List.of();
        }
        for (int c = 0; c < sum.length; c++) {
            sum[c] /= counted;
        }
        return PermutationImportance.rank(features, sum);
    }

    private static Map<String, String> exportMetadata(TrainingRequest request, Target target, double threshold) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("meridian.algorithm", request.algorithm());
        meta.put("meridian.task", request.task().name());
        meta.put("meridian.seed", Long.toString(request.seed()));
        if (request.task().isClassification()) {
            meta.put("meridian.classes", String.join(",", target.classes()));
        }
        if (request.task() == Task.BINARY) {
            meta.put("meridian.positive_class", target.classes().get(target.positiveClass()));
            meta.put("meridian.threshold", Double.toString(threshold));
        }
        return meta;
    }
}
