package io.meridian.training.engine.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.engine.model.HyperparameterDef;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.TrainedModel;

/**
 * A small, honest test-scope classifier: multinomial logistic regression fitted by full-batch gradient descent
 * on the (weighted) mean log loss with an L2 penalty. Deterministic (zero initialisation); the seed is unused.
 */
public final class SoftmaxTrainer implements ModelTrainer {
    public static final String ID = "test-logistic";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.BINARY, Task.MULTICLASS);
    }

    @Override
    public Map<String, HyperparameterDef> hyperparameters() {
        return Map.of(
            "learningRate", new HyperparameterDef("learningRate", HyperparameterDef.Type.DOUBLE, "0.5", 0, 10,
                List.of(), "gradient step"),
            "epochs", new HyperparameterDef("epochs", HyperparameterDef.Type.INT, "150", 1, 10_000, List.of(),
                "full-batch iterations"),
            "l2", new HyperparameterDef("l2", HyperparameterDef.Type.DOUBLE, "0.0001", 0, Double.NaN, List.of(),
                "L2 penalty"));
    }

    @Override
    public TrainedModel fit(double[][] x, List<String> inputNames, Target target, double[] weights,
                            Map<String, String> hyperparameters, long seed) {
        double rate = Double.parseDouble(hyperparameters.getOrDefault("learningRate", "0.5"));
        int epochs = Integer.parseInt(hyperparameters.getOrDefault("epochs", "150"));
        double l2 = Double.parseDouble(hyperparameters.getOrDefault("l2", "0.0001"));
        if (!(rate > 0)) {
            throw new IllegalArgumentException("hyperparameter 'learningRate' must be > 0, got " + rate);
        }
        int k = target.classes().size();
        int d = inputNames.size();
        int n = x.length;
        double[][] w = new double[k][d + 1];
        double[][] grad = new double[k][d + 1];
        double[] p = new double[k];
        double totalWeight = 0;
        for (int i = 0; i < n; i++) {
            totalWeight += weights == null ? 1 : weights[i];
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            for (double[] g : grad) {
                java.util.Arrays.fill(g, 0);
            }
            for (int i = 0; i < n; i++) {
                probabilities(w, x[i], p);
                double wi = weights == null ? 1 : weights[i];
                for (int c = 0; c < k; c++) {
                    double err = wi * (p[c] - (target.classIndex()[i] == c ? 1 : 0));
                    for (int j = 0; j < d; j++) {
                        grad[c][j] += err * x[i][j];
                    }
                    grad[c][d] += err;
                }
            }
            for (int c = 0; c < k; c++) {
                for (int j = 0; j <= d; j++) {
                    double penalty = j < d ? l2 * w[c][j] : 0;
                    w[c][j] -= rate * (grad[c][j] / totalWeight + penalty);
                }
            }
        }
        return new Model(target.task(), target.classes(), List.copyOf(inputNames), w,
            Map.of("learningRate", Double.toString(rate), "epochs", Integer.toString(epochs), "l2",
                Double.toString(l2)));
    }

    static void probabilities(double[][] w, double[] row, double[] out) {
        int d = row.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < w.length; c++) {
            double z = w[c][d];
            for (int j = 0; j < d; j++) {
                z += w[c][j] * row[j];
            }
            out[c] = z;
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int c = 0; c < w.length; c++) {
            out[c] = Math.exp(out[c] - max);
            sum += out[c];
        }
        for (int c = 0; c < w.length; c++) {
            out[c] /= sum;
        }
    }

    private record Model(Task task, List<String> classes, List<String> inputNames, double[][] w,
                         Map<String, String> hyperparameters) implements TrainedModel {
        @Override
        public String algorithm() {
            return ID;
        }

        @Override
        public double[][] predict(double[][] x) {
            double[][] out = new double[x.length][classes.size()];
            double[] row = new double[inputNames.size()];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < row.length; j++) {
                    row[j] = (float) x[i][j];
                }
                probabilities(w, row, out[i]);
            }
            return out;
        }

        @Override
        public List<FeatureImportance> importance() {
            List<FeatureImportance> out = new ArrayList<>();
            for (int j = 0; j < inputNames.size(); j++) {
                double abs = 0;
                for (double[] wc : w) {
                    abs += Math.abs(wc[j]);
                }
                double signed = classes.size() == 2 ? w[1][j] - w[0][j] : abs;
                out.add(new FeatureImportance(inputNames.get(j), abs, signed, "coefficient"));
            }
            out.sort(Comparator.comparingDouble(FeatureImportance::importance).reversed());
            return out;
        }

        @Override
        public String provenanceJson() {
            return "{\"trainer\":\"" + ID + "\"}";
        }
    }
}
