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

/** A test-scope regressor: ridge regression solved exactly by the normal equations (intercept not penalised). */
public final class RidgeTrainer implements ModelTrainer {
    public static final String ID = "test-ridge";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Set<Task> tasks() {
        return Set.of(Task.REGRESSION);
    }

    @Override
    public Map<String, HyperparameterDef> hyperparameters() {
        return Map.of("l2", new HyperparameterDef("l2", HyperparameterDef.Type.DOUBLE, "0.000001", 0, Double.NaN,
            List.of(), "L2 penalty"));
    }

    @Override
    public TrainedModel fit(double[][] x, List<String> inputNames, Target target, double[] weights,
                            Map<String, String> hyperparameters, long seed) {
        double l2 = Double.parseDouble(hyperparameters.getOrDefault("l2", "0.000001"));
        int d = inputNames.size() + 1;
        double[][] a = new double[d][d + 1];
        double[] row = new double[d];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, row, 0, d - 1);
            row[d - 1] = 1;
            double wi = weights == null ? 1 : weights[i];
            for (int p = 0; p < d; p++) {
                for (int q = 0; q < d; q++) {
                    a[p][q] += wi * row[p] * row[q];
                }
                a[p][d] += wi * row[p] * target.values()[i];
            }
        }
        for (int p = 0; p < d - 1; p++) {
            a[p][p] += l2 * x.length;
        }
        double[] beta = solve(a);
        return new Model(List.copyOf(inputNames), beta, Map.of("l2", Double.toString(l2)));
    }

    private static double[] solve(double[][] a) {
        int d = a.length;
        for (int col = 0; col < d; col++) {
            int pivot = col;
            for (int r = col + 1; r < d; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            if (Math.abs(a[col][col]) < 1e-12) {
                continue;
            }
            for (int r = 0; r < d; r++) {
                if (r != col) {
                    double f = a[r][col] / a[col][col];
                    for (int c = col; c <= d; c++) {
                        a[r][c] -= f * a[col][c];
                    }
                }
            }
        }
        double[] beta = new double[d];
        for (int r = 0; r < d; r++) {
            beta[r] = Math.abs(a[r][r]) < 1e-12 ? 0 : a[r][d] / a[r][r];
        }
        return beta;
    }

    private record Model(List<String> inputNames, double[] beta, Map<String, String> hyperparameters)
        implements TrainedModel {
        @Override
        public String algorithm() {
            return ID;
        }

        @Override
        public Task task() {
            return Task.REGRESSION;
        }

        @Override
        public List<String> classes() {
            return List.of();
        }

        @Override
        public double[][] predict(double[][] x) {
            double[][] out = new double[x.length][1];
            int d = inputNames.size();
            for (int i = 0; i < x.length; i++) {
                double z = beta[d];
                for (int j = 0; j < d; j++) {
                    z += beta[j] * (float) x[i][j];
                }
                out[i][0] = z;
            }
            return out;
        }

        @Override
        public List<FeatureImportance> importance() {
            List<FeatureImportance> out = new ArrayList<>();
            for (int j = 0; j < inputNames.size(); j++) {
                out.add(new FeatureImportance(inputNames.get(j), Math.abs(beta[j]), beta[j], "coefficient"));
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
