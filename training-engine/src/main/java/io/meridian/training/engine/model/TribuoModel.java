package io.meridian.training.engine.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;

import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

import io.meridian.training.engine.data.Task;

/**
 * A {@link TrainedModel} backed by a Tribuo model. Besides the contract it exposes the Tribuo model, the
 * positive class of a binary task and the model columns Tribuo saw, which the ONNX exporter reads.
 *
 * <p>Tribuo sees the model columns by name; every input value is rounded to float before Tribuo sees it, in
 * training and in {@link #predict}, so the Java model and the exported float graph receive the same numbers.
 */
public final class TribuoModel implements TrainedModel {
    /** The name of the single regression output dimension given to Tribuo. */
    public static final String REGRESSION_DIMENSION = "value";

    private static final JsonProvenanceSerialization PROVENANCE_JSON = new JsonProvenanceSerialization(true);

    private final String algorithm;
    private final Task task;
    private final List<String> classes;
    private final String positiveClass;
    private final List<String> inputNames;
    private final int[] used;
    private final Model<?> model;
    private final List<FeatureImportance> importance;
    private final Map<String, String> hyperparameters;
    private final String provenanceJson;
    private final double valueScale;
    private final double valueShift;

    TribuoModel(String algorithm, Task task, List<String> classes, String positiveClass, List<String> inputNames,
                int[] used, Model<?> model, List<FeatureImportance> importance, Map<String, String> hyperparameters) {
        this(algorithm, task, classes, positiveClass, inputNames, used, model, importance, hyperparameters, 1, 0);
    }

    TribuoModel(String algorithm, Task task, List<String> classes, String positiveClass, List<String> inputNames,
                int[] used, Model<?> model, List<FeatureImportance> importance, Map<String, String> hyperparameters,
                double valueScale, double valueShift) {
        this.valueScale = valueScale;
        this.valueShift = valueShift;
        this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
        this.task = Objects.requireNonNull(task, "task");
        this.classes = List.copyOf(classes);
        this.positiveClass = positiveClass;
        this.inputNames = List.copyOf(inputNames);
        this.used = used.clone();
        this.model = Objects.requireNonNull(model, "model");
        this.importance = List.copyOf(importance);
        this.hyperparameters = Map.copyOf(hyperparameters);
        this.provenanceJson = PROVENANCE_JSON.marshalAndSerialize(model.getProvenance());
    }

    @Override
    public String algorithm() {
        return algorithm;
    }

    @Override
    public Task task() {
        return task;
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    /** The positive class of a binary model (the label output's class when P >= threshold), else null. */
    public String positiveClass() {
        return positiveClass;
    }

    @Override
    public List<String> inputNames() {
        return inputNames;
    }

    /** Indices into {@link #inputNames()} of the columns the Tribuo model was trained on (constant columns may be left out). */
    public int[] usedColumns() {
        return used.clone();
    }

    /**
     * Regression: the Tribuo model predicts {@code (value - valueShift) / valueScale} (a trainer that
     * standardises the target itself); 1 for other models.
     */
    public double valueScale() {
        return valueScale;
    }

    /** Regression: see {@link #valueScale()}; 0 for other models. */
    public double valueShift() {
        return valueShift;
    }

    /** The Tribuo model (XGBoostModel, WeightedEnsembleModel of trees, or an ONNX-exportable linear/FM model). */
    public Model<?> tribuoModel() {
        return model;
    }

    @Override
    public double[][] predict(double[][] x) {
        String[] names = TribuoData.names(inputNames, used);
        if (task.isClassification()) {
            @SuppressWarnings("unchecked")
            Model<Label> labels = (Model<Label>) model;
            List<Example<Label>> examples = TribuoData.examples(x, inputNames.size(), names, used,
                LabelFactory.UNKNOWN_LABEL);
            List<Prediction<Label>> predictions = labels.predict(examples);
            double[][] out = new double[x.length][classes.size()];
            for (int i = 0; i < out.length; i++) {
                Map<String, Label> scores = predictions.get(i).getOutputScores();
                for (int k = 0; k < classes.size(); k++) {
                    Label score = scores.get(classes.get(k));
                    out[i][k] = score == null ? 0 : score.getScore();
                }
            }
            return out;
        }
        @SuppressWarnings("unchecked")
        Model<Regressor> regressor = (Model<Regressor>) model;
        List<Example<Regressor>> examples = TribuoData.examples(x, inputNames.size(), names, used,
            RegressionFactory.UNKNOWN_REGRESSOR);
        List<Prediction<Regressor>> predictions = regressor.predict(examples);
        double[][] out = new double[x.length][1];
        for (int i = 0; i < out.length; i++) {
            out[i][0] = predictions.get(i).getOutput().getValues()[0] * valueScale + valueShift;
        }
        return out;
    }

    @Override
    public List<FeatureImportance> importance() {
        return importance;
    }

    @Override
    public Map<String, String> hyperparameters() {
        return hyperparameters;
    }

    @Override
    public String provenanceJson() {
        return provenanceJson;
    }

    @Override
    public String toString() {
        return "TribuoModel(" + algorithm + ", " + task + ", " + inputNames.size() + " inputs, classes=" + classes
            + ")";
    }

    /** Ranks importance entries: descending importance, then by name. */
    static List<FeatureImportance> rank(List<FeatureImportance> entries) {
        List<FeatureImportance> out = new ArrayList<>(entries);
        out.sort((a, b) -> {
            int c = Double.compare(b.importance(), a.importance());
            return c != 0 ? c : a.feature().compareTo(b.feature());
        });
        return out;
    }

    static int[] all(int width) {
        int[] out = new int[width];
        Arrays.setAll(out, i -> i);
        return out;
    }
}
