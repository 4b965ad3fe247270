package io.meridian.training.engine.importance;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.metrics.ClassificationMetrics;
import io.meridian.training.engine.metrics.RegressionMetrics;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.Preprocessor;

/**
 * Permutation importance by raw feature on validation rows: the drop of a score when one raw column is shuffled
 * (seeded), the preprocessing re-applied and the model re-scored, averaged over {@code repeats} shuffles. The
 * score is ROC-AUC for binary tasks, accuracy for multiclass and R² for regression (higher is better, so a
 * positive drop means the feature helped). Because whole raw columns are shuffled, a categorical feature's
 * one-hot columns move together and importance is reported in the user's feature names.
 */
public final class PermutationImportance {
    private PermutationImportance() {
    }

    /** The score permutation importance measures a drop of, for the target's task. */
    public static double score(Target target, double[][] predictions) {
        return switch (target.task()) {
            case BINARY -> ClassificationMetrics.compute(target.classIndex(), predictions, target.positiveClass(),
                0.5).get("roc_auc");
            case MULTICLASS -> ClassificationMetrics.compute(target.classIndex(), predictions, -1, 0.5)
                .get("accuracy");
            case REGRESSION -> {
                double[] predicted = new double[predictions.length];
                for (int i = 0; i < predicted.length; i++) {
                    predicted[i] = predictions[i][0];
                }
                yield RegressionMetrics.compute(target.values(), predicted).get("r2");
            }
        };
    }

    /**
     * Mean score drop per raw feature (unsorted, in frame column order).
     *
     * @param preprocessor fitted on the training part
     * @param model fitted on the training part
     * @param validation the validation rows
     * @param target their labels
     * @param repeats shuffles per feature (at least 1)
     * @param seed the seed for the shuffles
     */
    public static double[] drops(FittedPreprocessor preprocessor, TrainedModel model, Frame validation,
                                 Target target, int repeats, long seed) {
        ToDoubleFunction<Frame> scorer = f -> score(target, model.predict(Preprocessor.transform(preprocessor, f)));
        double base = scorer.applyAsDouble(validation);
        SplittableRandom random = new SplittableRandom(seed);
        List<FeatureColumn> columns = validation.columns();
        double[] out = new double[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            double sum = 0;
            for (int r = 0; r < Math.max(1, repeats); r++) {
                sum += base - scorer.applyAsDouble(shuffled(validation, columns.get(c), random));
            }
            out[c] = sum / Math.max(1, repeats);
        }
        return out;
    }

    /** Ranks per-feature drops (averaged by the caller over folds) into an importance list, largest first. */
    public static List<FeatureImportance> rank(List<String> features, double[] drops) {
        List<FeatureImportance> out = new ArrayList<>();
        for (int c = 0; c < features.size(); c++) {
            out.add(new FeatureImportance(features.get(c), drops[c], drops[c], "permutation"));
        }
        out.sort(Comparator.comparingDouble(FeatureImportance::importance).reversed()
            .thenComparing(FeatureImportance::feature));
        return out;
    }

    private static Frame shuffled(Frame frame, FeatureColumn column, SplittableRandom random) {
        int n = frame.rows();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        Frame.Builder builder = Frame.builder(n);
        for (FeatureColumn other : frame.columns()) {
            boolean target = other.name().equals(column.name());
            if (other.kind() == FeatureKind.NUMERIC) {
                double[] values = frame.numeric(other.name());
                if (target) {
                    double[] copy = new double[n];
                    for (int i = 0; i < n; i++) {
                        copy[i] = values[order[i]];
                    }
                    values = copy;
                }
                builder.numeric(other.name(), values);
            } else {
                String[] values = frame.categorical(other.name());
                if (target) {
                    String[] copy = new String[n];
                    for (int i = 0; i < n; i++) {
                        copy[i] = values[order[i]];
                    }
                    values = copy;
                }
                builder.categorical(other.name(), values);
            }
        }
        return builder.build();
    }
}
