package io.meridian.training.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

import io.meridian.training.engine.TrainingRequest.ImbalanceSpec;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.imbalance.Rebalancer;
import io.meridian.training.engine.metrics.Baseline;
import io.meridian.training.engine.metrics.ClassificationMetrics;
import io.meridian.training.engine.metrics.FoldSummary;
import io.meridian.training.engine.metrics.RegressionMetrics;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.prep.Preprocessor;
import io.meridian.training.engine.prep.SelectionSupport;
import io.meridian.training.engine.threshold.ThresholdTuner;
import io.meridian.training.engine.validation.Fold;

/**
 * Fits and evaluates one hyperparameter set on every fold. Inside each fold, in this order: (optionally) a
 * row subset of the training part, the preprocessing fitted on the training part, imbalance handling of the
 * training part, the model fitted on the rebalanced training rows; then the validation part, untouched, is
 * transformed and scored. Nothing fitted ever sees a validation row.
 */
final class CrossValidation {
    private final Frame frame;
    private final Target target;
    private final ModelTrainer trainer;
    private final PreprocessingSpec preprocessing;
    private final ImbalanceSpec imbalance;
    private final List<Fold> folds;
    private final long seed;

    /**
     * One fold's outcome.
     *
     * @param fold the split
     * @param trainRows training rows the model was fitted on (after sub-sampling and rebalancing)
     * @param metrics validation metrics at the default threshold
     * @param baseline the baseline's validation metrics at the default threshold
     * @param prior training class shares (classification) for re-scoring the baseline at another threshold
     * @param predictions model output on the validation rows, in {@code fold.validation()} order
     * @param preprocessor fitted on the fold's training part
     * @param model fitted on the fold's training part
     */
    record FoldOutcome(Fold fold, int trainRows, Map<String, Double> metrics, Map<String, Double> baseline,
                       double[] prior, double[][] predictions, FittedPreprocessor preprocessor, TrainedModel model) {
    }

    /** All folds of one evaluation. */
    record Run(List<FoldOutcome> folds, Map<String, Double> mean, int trainRows) {
    }

    CrossValidation(Frame frame, Target target, ModelTrainer trainer, PreprocessingSpec preprocessing,
                    ImbalanceSpec imbalance, List<Fold> folds, long seed) {
        this.frame = frame;
        this.target = target;
        this.trainer = trainer;
        this.preprocessing = preprocessing;
        this.imbalance = imbalance;
        this.folds = folds;
        this.seed = seed;
    }

    List<Fold> folds() {
        return folds;
    }

    /**
     * Evaluates the hyperparameters on every fold.
     *
     * @param hyperparameters the full hyperparameter set
     * @param rowFraction share of each fold's training part to use, in (0, 1] (successive halving)
     * @param afterFold called with the number of folds done (progress; may throw to cancel)
     * @throws IllegalArgumentException when the trainer rejects the hyperparameters or the data (e.g. an
     *                                  unseen category under the ERROR policy)
     */
    Run run(Map<String, String> hyperparameters, double rowFraction, IntConsumer afterFold) {
        List<FoldOutcome> out = new ArrayList<>();
        int trainRows = 0;
        for (int f = 0; f < folds.size(); f++) {
            FoldOutcome outcome = fold(folds.get(f), f, hyperparameters, rowFraction);
            out.add(outcome);
            trainRows = f == 0 ? outcome.trainRows() : trainRows;
            afterFold.accept(f + 1);
        }
        return new Run(out, FoldSummary.mean(out.stream().map(FoldOutcome::metrics).toList()), trainRows);
    }

    private FoldOutcome fold(Fold fold, int index, Map<String, String> hyperparameters, double rowFraction) {
        int[] train = rowFraction < 1 ? subsample(fold.train(), rowFraction, Seeds.derive(seed, 100 + index))
            : fold.train();
        Frame trainFrame = frame.rows(train);
        Target trainTarget = target.rows(train);
        FittedPreprocessor preprocessor = Preprocessor.fit(preprocessing, trainFrame, trainTarget,
            rfe(hyperparameters));
        Rebalancer.Rebalanced rebalanced = target.task().isClassification()
            ? Rebalancer.apply(imbalance, train, target.classIndex(), target.classes().size(),
                Seeds.derive(seed, 200 + index))
            : new Rebalancer.Rebalanced(train, null);
        boolean same = rebalanced.rows() == train;
        double[][] x = Preprocessor.transform(preprocessor, same ? trainFrame : frame.rows(rebalanced.rows()));
        Target fitTarget = same ? trainTarget : target.rows(rebalanced.rows());
        TrainedModel model = trainer.fit(x, preprocessor.outputNames(), fitTarget, rebalanced.weights(),
            hyperparameters, seed);
        x = null;
        double[][] predictions = model.predict(Preprocessor.transform(preprocessor, frame.rows(fold.validation())));
        Target validation = target.rows(fold.validation());
        Map<String, Double> metrics;
        Map<String, Double> baseline;
        double[] prior = null;
        if (target.task().isClassification()) {
            int positive = target.positiveClass();
            metrics = ClassificationMetrics.compute(validation.classIndex(), predictions, positive,
                ThresholdTuner.DEFAULT);
            prior = Baseline.priors(trainTarget.classIndex(), target.classes().size());
            baseline = Baseline.classification(prior, validation.classIndex(), positive, ThresholdTuner.DEFAULT);
        } else {
            double[] predicted = new double[predictions.length];
            for (int i = 0; i < predicted.length; i++) {
                predicted[i] = predictions[i][0];
            }
            metrics = RegressionMetrics.compute(validation.values(), predicted);
            baseline = Baseline.regression(trainTarget.values(), validation.values());
        }
        return new FoldOutcome(fold, rebalanced.rows().length, metrics, baseline, prior, predictions, preprocessor,
            model);
    }

    /** Recursive elimination ranks columns with the job's own algorithm and hyperparameters. */
    SelectionSupport rfe(Map<String, String> hyperparameters) {
        return (x, names, t) -> {
            TrainedModel model = trainer.fit(x, names, t, null, hyperparameters, seed);
            Map<String, Double> byName = new HashMap<>();
            for (FeatureImportance fi : model.importance()) {
                byName.merge(fi.feature(), Math.abs(fi.importance()), Double::sum);
            }
            double[] out = new double[names.size()];
            for (int j = 0; j < out.length; j++) {
                out[j] = byName.getOrDefault(names.get(j), 0.0);
            }
            return out;
        };
    }

    /**
     * A seeded subset of the training rows: per class for classification (every class keeps at least one row),
     * at least two rows in all.
     */
    private int[] subsample(int[] rows, double fraction, long subSeed) {
        SplittableRandom random = new SplittableRandom(subSeed);
        List<int[]> groups = new ArrayList<>();
        if (target.task().isClassification()) {
            int classes = target.classes().size();
            int[] counts = new int[classes];
            for (int r : rows) {
                counts[target.classIndex()[r]]++;
            }
            int[][] members = new int[classes][];
            int[] fill = new int[classes];
            for (int c = 0; c < classes; c++) {
                members[c] = new int[counts[c]];
            }
            for (int r : rows) {
                int c = target.classIndex()[r];
                members[c][fill[c]++] = r;
            }
            groups.addAll(Arrays.asList(members));
        } else {
            groups.add(rows.clone());
        }
        int[] out = new int[rows.length];
        int n = 0;
        for (int[] group : groups) {
            if (group.length == 0) {
                continue;
            }
            int keep = (int) Math.max(Math.min(group.length, 2), Math.round(group.length * fraction));
            for (int i = 0; i < keep; i++) {
                int j = i + random.nextInt(group.length - i);
                int tmp = group[i];
                group[i] = group[j];
                group[j] = tmp;
                out[n++] = group[i];
            }
        }
        int[] kept = Arrays.copyOf(out, n);
        Arrays.sort(kept);
        return kept;
    }
}
