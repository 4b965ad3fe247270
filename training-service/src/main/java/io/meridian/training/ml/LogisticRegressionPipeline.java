package io.meridian.training.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.StochasticGradientOptimiser;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/**
 * Binary logistic regression on standardised numeric features: seeded holdout split, mean/std fitted on the
 * training split only, Tribuo {@link LinearSGDTrainer} (LogMulticlass + AdaGrad, seeded), holdout metrics,
 * ONNX export with the standardisation inside the graph and a parity check of the ONNX model against the Java
 * pipeline on the holdout rows.
 */
public final class LogisticRegressionPipeline {
    /** Where a running pipeline reports its steps. */
    @FunctionalInterface
    public interface Progress {
        void step(double progress, String message);
    }

    private static final LabelFactory LABELS = new LabelFactory();

    private final OnnxScorer scorer;

    public LogisticRegressionPipeline(OnnxScorer scorer) {
        this.scorer = scorer;
    }

    /** Trains, evaluates, exports and verifies; throws {@link TrainingFailure} with a human reason. */
    public TrainingResult run(FeatureTable table, TrainingParameters parameters, Progress progress) {
        progress.step(0.35, "splitting " + table.labels().length + " rows and fitting standardisation");
        HoldoutSplit split = HoldoutSplit.of(table.labels().length, parameters.holdoutFraction(), parameters.seed());
        Standardiser fitted = Standardiser.fit(table.x(), split.train());

        List<String> ignored = new ArrayList<>(table.ignoredFeatures());
        List<Integer> kept = new ArrayList<>();
        for (int j = 0; j < table.featureNames().size(); j++) {
            if (fitted.isConstant(j)) {
                ignored.add(table.featureNames().get(j));
            } else {
                kept.add(j);
            }
        }
        if (kept.isEmpty()) {
            throw new TrainingFailure("Every numeric feature column is constant on the training split (ignored: "
                + String.join(", ", ignored) + ").");
        }
        ignored.sort(String::compareTo);
        requireBothClasses(table, split.train());

        String[] names = kept.stream().map(table.featureNames()::get).toArray(String[]::new);
        Standardiser standardiser = fitted.select(kept.stream().mapToInt(Integer::intValue).toArray());
        double[][] raw = new double[table.labels().length][];
        for (int i = 0; i < raw.length; i++) {
            double[] row = new double[names.length];
            for (int k = 0; k < names.length; k++) {
                row[k] = table.x()[i][kept.get(k)];
            }
            raw[i] = standardiser.impute(row);
        }

        progress.step(0.45, "training logistic regression on " + split.train().length + " rows");
        MutableDataset<Label> train = new MutableDataset<>(new SimpleDataSourceProvenance("meridian training split",
            LABELS), LABELS);
        for (int i : split.train()) {
            train.add(new ArrayExample<>(new Label(table.labels()[i]), names, standardiser.apply(raw[i])));
        }
        StochasticGradientOptimiser optimiser = new AdaGrad(parameters.learningRate(), 0.1);
        if (parameters.l2() > 0) {
            optimiser = new WeightDecay(optimiser, Math.min(0.5, parameters.learningRate() * parameters.l2()));
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), optimiser, parameters.epochs(), -1, 1,
            parameters.seed());
        LinearSGDModel model = trainer.train(train);

        // the model's feature id order is the order of the ONNX input columns
        Map<String, Integer> position = new HashMap<>();
        for (int k = 0; k < names.length; k++) {
            position.put(names[k], k);
        }
        int featureCount = model.getFeatureIDMap().size();
        if (featureCount != names.length) {
            throw new TrainingFailure("The trained model uses " + featureCount + " of " + names.length
                + " features; cannot export it.");
        }
        int[] modelOrder = new int[featureCount];
        List<String> inputs = new ArrayList<>(featureCount);
        for (int id = 0; id < featureCount; id++) {
            String name = model.getFeatureIDMap().get(id).getName();
            modelOrder[id] = position.get(name);
            inputs.add(name);
        }
        Standardiser exported = standardiser.select(modelOrder);

        progress.step(0.65, "evaluating on " + split.holdout().length + " holdout rows");
        int[] holdout = split.holdout();
        boolean[] actual = new boolean[holdout.length];
        double[] javaScores = new double[holdout.length];
        float[][] onnxRows = new float[holdout.length][featureCount];
        for (int h = 0; h < holdout.length; h++) {
            int i = holdout[h];
            actual[h] = table.positiveClass().equals(table.labels()[i]);
            javaScores[h] = positiveProbability(model, names, standardiser.apply(raw[i]), table.positiveClass());
            for (int id = 0; id < featureCount; id++) {
                onnxRows[h][id] = (float) raw[i][modelOrder[id]];
            }
        }
        long trainPositives = Arrays.stream(split.train()).filter(i -> table.positiveClass()
            .equals(table.labels()[i])).count();
        Map<String, Double> metrics = new LinkedHashMap<>(BinaryMetrics.compute(actual, javaScores,
            trainPositives * 2 > split.train().length));
        metrics.put("training_rows", (double) split.train().length);
        metrics.put("holdout_rows", (double) holdout.length);

        progress.step(0.75, "exporting ONNX");
        byte[] onnx = OnnxExport.export(model, exported, table.positiveClass(), table.negativeClass(), 1);

        progress.step(0.8, "verifying ONNX parity on " + holdout.length + " holdout rows");
        double[] onnxScores = scorer.positiveProbabilities(onnx, onnxRows);
        double maxDiff = 0;
        for (int h = 0; h < holdout.length; h++) {
            maxDiff = Math.max(maxDiff, Math.abs(onnxScores[h] - javaScores[h]));
        }
        if (!(maxDiff <= parameters.parityTolerance())) {
            throw new TrainingFailure(String.format(Locale.ROOT,
                "The ONNX export disagrees with the Java model on the holdout: max |P difference| = %.3g "
                    + "(tolerance %.1g).", maxDiff, parameters.parityTolerance()));
        }
        metrics.put("onnx_parity_max_abs_diff", maxDiff);
        return new TrainingResult(model, List.copyOf(inputs), exported, table.positiveClass(), table.negativeClass(),
            List.copyOf(ignored), Map.copyOf(metrics), onnx, maxDiff, split, javaScores);
    }

    private static void requireBothClasses(FeatureTable table, int[] train) {
        boolean positive = false;
        boolean negative = false;
        for (int i : train) {
            boolean isPositive = table.positiveClass().equals(table.labels()[i]);
            positive |= isPositive;
            negative |= !isPositive;
        }
        if (!positive || !negative) {
            throw new TrainingFailure("The training split has only one class; add rows of both classes '"
                + table.negativeClass() + "' and '" + table.positiveClass() + "'.");
        }
    }

    static double positiveProbability(LinearSGDModel model, String[] names, double[] standardised,
                                      String positiveClass) {
        Example<Label> example = new ArrayExample<>(LabelFactory.UNKNOWN_LABEL, names, standardised);
        Prediction<Label> prediction = model.predict(example);
        Label positive = prediction.getOutputScores().get(positiveClass);
        return positive == null ? 0.0 : positive.getScore();
    }
}
