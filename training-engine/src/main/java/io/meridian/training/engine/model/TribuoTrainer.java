package io.meridian.training.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/**
 * Shared fitting steps of the Tribuo-backed algorithms: input checks, hyperparameter resolution, conversion to a
 * Tribuo dataset (float-rounded values, example weights, class names, a "value" regression dimension), and the
 * {@link TribuoModel} wrapping.
 */
abstract class TribuoTrainer implements ModelTrainer {
    private static final LabelFactory LABELS = new LabelFactory();
    private static final RegressionFactory REGRESSORS = new RegressionFactory();

    private final String id;
    private final Set<Task> tasks;
    private final Hyperparameters hyperparameters;

    TribuoTrainer(String id, Set<Task> tasks, Hyperparameters hyperparameters) {
        this.id = id;
        this.tasks = Set.copyOf(tasks);
        this.hyperparameters = hyperparameters;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final Set<Task> tasks() {
        return tasks;
    }

    @Override
    public final Map<String, HyperparameterDef> hyperparameters() {
        return hyperparameters.defs();
    }

    @Override
    public final TrainedModel fit(double[][] x, List<String> inputNames, Target target, double[] weights,
                                  Map<String, String> overrides, long seed) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(inputNames, "inputNames");
        Objects.requireNonNull(target, "target");
        if (!tasks.contains(target.task())) {
            throw new IllegalArgumentException("algorithm " + id + " does not support the task " + target.task()
                + "; it supports " + tasks);
        }
        Hyperparameters.Resolved params = hyperparameters.resolve(overrides);
        if (x.length == 0) {
            throw new IllegalArgumentException("no training rows");
        }
        if (x.length != target.rows()) {
            throw new IllegalArgumentException("x has " + x.length + " rows but the target has " + target.rows());
        }
        if (inputNames.isEmpty()) {
            throw new IllegalArgumentException("no model input columns");
        }
        TribuoData.check(x, inputNames);
        checkWeights(weights, x.length);
        if (target.task().isClassification()) {
            checkClasses(target);
            List<Label> outputs = new ArrayList<>(x.length);
            for (int i = 0; i < x.length; i++) {
                outputs.add(new Label(target.classes().get(target.classIndex()[i])));
            }
            int[] used = TribuoModel.all(inputNames.size());
            MutableDataset<Label> data = TribuoData.dataset(x, TribuoData.names(inputNames, used), used, outputs,
                weights, LABELS);
            Model<Label> model = fitClassification(data, target, params, seed);
            String positive = target.task() == Task.BINARY && target.positiveClass() >= 0
                ? target.classes().get(target.positiveClass()) : null;
            return new TribuoModel(id, target.task(), target.classes(), positive, inputNames, used, model,
                TribuoModel.rank(importance(model, target, positive, x, inputNames)), params.values());
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(target.values()[i])) {
                throw new IllegalArgumentException("the label has the non-finite value " + target.values()[i]
                    + " at row " + i);
            }
        }
        if (weights != null && !acceptsWeightsForRegression()) {
            throw new IllegalArgumentException("algorithm " + id + " does not take per-row weights for regression");
        }
        int[] used = usedColumns(x, inputNames.size());
        double shift = 0;
        double scale = 1;
        if (standardisesTarget()) {
            double[] y = target.values();
            shift = java.util.Arrays.stream(y).average().orElse(0);
            double variance = 0;
            for (double v : y) {
                variance += (v - shift) * (v - shift) / y.length;
            }
            scale = variance > 0 ? Math.sqrt(variance) : 1;
        }
        List<Regressor> outputs = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            outputs.add(new Regressor(TribuoModel.REGRESSION_DIMENSION, (target.values()[i] - shift) / scale));
        }
        MutableDataset<Regressor> data = TribuoData.dataset(x, TribuoData.names(inputNames, used), used, outputs,
            weights, REGRESSORS);
        Model<Regressor> model = fitRegression(data, params, seed);
        return new TribuoModel(id, Task.REGRESSION, List.of(), null, inputNames, used, model,
            TribuoModel.rank(importance(model, target, null, x, inputNames)), params.values(), scale, shift);
    }

    /** The columns handed to Tribuo for regression (all of them unless a trainer needs fewer). */
    int[] usedColumns(double[][] x, int width) {
        return TribuoModel.all(width);
    }

    /** Whether Tribuo is given the standardised target (z-scores) and the model maps its output back. */
    boolean standardisesTarget() {
        return false;
    }

    boolean acceptsWeightsForRegression() {
        return true;
    }

    abstract Model<Label> fitClassification(MutableDataset<Label> data, Target target,
                                            Hyperparameters.Resolved params, long seed);

    abstract Model<Regressor> fitRegression(MutableDataset<Regressor> data, Hyperparameters.Resolved params,
                                            long seed);

    /**
     * The model's own importance per column it was trained on (unranked).
     *
     * @param x the training matrix
     * @param inputNames the column names of {@code x}
     */
    abstract List<FeatureImportance> importance(Model<?> model, Target target, String positiveClass, double[][] x,
                                                List<String> inputNames);

    private static void checkWeights(double[] weights, int rows) {
        if (weights == null) {
            return;
        }
        if (weights.length != rows) {
            throw new IllegalArgumentException("weights has " + weights.length + " entries, expected " + rows);
        }
        double sum = 0;
        for (int i = 0; i < rows; i++) {
            if (!Double.isFinite(weights[i]) || weights[i] < 0) {
                throw new IllegalArgumentException("weights must be finite and >= 0, got " + weights[i] + " at row "
                    + i);
            }
            sum += weights[i];
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("weights are all zero");
        }
    }

    private static void checkClasses(Target target) {
        if (target.classes().size() < 2) {
            throw new IllegalArgumentException("the label has " + target.classes().size()
                + " class(es); classification needs at least 2");
        }
        if (target.task() == Task.BINARY && target.classes().size() != 2) {
            throw new IllegalArgumentException("a binary task needs exactly 2 classes, got " + target.classes());
        }
        boolean[] seen = new boolean[target.classes().size()];
        int distinct = 0;
        for (int index : target.classIndex()) {
            if (index < 0 || index >= seen.length) {
                throw new IllegalArgumentException("class index " + index + " is outside the " + seen.length
                    + " classes");
            }
            if (!seen[index]) {
                seen[index] = true;
                distinct++;
            }
        }
        if (distinct < 2) {
            throw new IllegalArgumentException("the training rows hold a single class; classification needs at "
                + "least 2");
        }
    }

    /**
     * Coefficients of a linear weight matrix ({@code [outputs][features (+ bias)]}, Tribuo ids): binary gives
     * the signed log-odds coefficient w(positive) - w(negative); a single output (regression) gives its signed
     * weight; multiclass gives the per-feature L2 norm over the classes.
     *
     * @param labels the output ids of a classification model, null for regression
     */
    static List<FeatureImportance> coefficients(DenseMatrix weights, ImmutableFeatureMap features,
                                                ImmutableOutputInfo<Label> labels, String positiveClass,
                                                List<String> classes) {
        List<FeatureImportance> out = new ArrayList<>();
        int positiveId = -1;
        int negativeId = -1;
        if (positiveClass != null && labels != null) {
            positiveId = labels.getID(new Label(positiveClass));
            for (String name : classes) {
                if (!name.equals(positiveClass)) {
                    negativeId = labels.getID(new Label(name));
                }
            }
        }
        for (int f = 0; f < features.size(); f++) {
            String name = features.get(f).getName();
            if (positiveId >= 0 && negativeId >= 0) {
                double w = weights.get(positiveId, f) - weights.get(negativeId, f);
                out.add(new FeatureImportance(name, Math.abs(w), w, "coefficient"));
            } else if (weights.getDimension1Size() == 1) {
                double w = weights.get(0, f);
                out.add(new FeatureImportance(name, Math.abs(w), w, "coefficient"));
            } else {
                double sum = 0;
                for (int o = 0; o < weights.getDimension1Size(); o++) {
                    sum += weights.get(o, f) * weights.get(o, f);
                }
                double norm = Math.sqrt(sum);
                out.add(new FeatureImportance(name, norm, norm, "coefficient"));
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static ImmutableOutputInfo<Label> labelInfo(Model<?> model) {
        return model.getOutputIDInfo().getDomain().iterator().next() instanceof Label
            ? (ImmutableOutputInfo<Label>) model.getOutputIDInfo() : null;
    }
}
