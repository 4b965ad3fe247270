package io.meridian.training.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.math.la.SparseVector;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.slm.ElasticNetCDTrainer;
import org.tribuo.regression.slm.SparseLinearModel;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/**
 * {@code linear-regression}: least squares by Tribuo's seeded coordinate descent ({@link ElasticNetCDTrainer},
 * which standardises the columns and the target internally), with a penalty of none, l2 (ridge), l1 (lasso) or
 * elasticnet on the standardised scale: {@code alpha * (l1Ratio * |w|_1 + (1 - l1Ratio) / 2 * |w|^2)} (l2
 * keeps an L1 share of 1e-6, as Tribuo's solver needs a positive one).
 * Columns that are constant in the training rows carry no information and are left out (Tribuo's
 * standardisation would divide by their zero variance). Importance: the signed coefficients on the standardised
 * scale. No per-row weights.
 */
public final class LinearRegression extends TribuoTrainer {
    public static final String ID = "linear-regression";

    static final Hyperparameters PARAMS = Hyperparameters.builder(ID)
        .choice("penalty", "l2", List.of("none", "l2", "l1", "elasticnet"), "Regularisation penalty.")
        .number("alpha", 1e-4, 0, 1_000, "Overall penalty strength (ignored for penalty none).")
        .number("l1Ratio", 0.5, Hyperparameters.POSITIVE, 1, "Share of the L1 term for penalty elasticnet.")
        .integer("maxIterations", 1_000, 1, 1_000_000, "Coordinate descent passes at most.")
        .number("tolerance", 1e-6, Hyperparameters.POSITIVE, 1, "Convergence tolerance on the weight change.")
        .build();

    /** The L1 share used for penalty l2 (Tribuo's coordinate descent rejects an L1 share of exactly 0). */
    static final double RIDGE_L1_RATIO = 1e-6;

    public LinearRegression() {
        super(ID, Set.of(Task.REGRESSION), PARAMS);
    }

    @Override
    int[] usedColumns(double[][] x, int width) {
        List<Integer> used = new ArrayList<>();
        for (int j = 0; j < width; j++) {
            float first = (float) x[0][j];
            for (double[] row : x) {
                if ((float) row[j] != first) {
                    used.add(j);
                    break;
                }
            }
        }
        if (used.isEmpty()) {
            throw new IllegalArgumentException("every model input column is constant in the training rows");
        }
        return used.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    boolean acceptsWeightsForRegression() {
        return false;
    }

    @Override
    Model<Label> fitClassification(MutableDataset<Label> data, Target target, Hyperparameters.Resolved params,
                                   long seed) {
        throw new IllegalArgumentException(ID + " does not support classification");
    }

    @Override
    Model<Regressor> fitRegression(MutableDataset<Regressor> data, Hyperparameters.Resolved params, long seed) {
        String penalty = params.choice("penalty");
        double alpha = "none".equals(penalty) ? 0 : params.number("alpha");
        double l1Ratio = switch (penalty) {
            case "l1" -> 1.0;
            case "elasticnet" -> params.number("l1Ratio");
            // Tribuo's coordinate descent needs a positive L1 share: ridge keeps a negligible one
            case "l2" -> RIDGE_L1_RATIO;
            default -> 1.0;
        };
        ElasticNetCDTrainer trainer = new ElasticNetCDTrainer(alpha, l1Ratio, params.number("tolerance"),
            params.integer("maxIterations"), false, seed);
        return trainer.train(data);
    }

    @Override
    List<FeatureImportance> importance(Model<?> model, Target target, String positiveClass, double[][] x,
                                         List<String> inputNames) {
        SparseLinearModel linear = (SparseLinearModel) model;
        ImmutableFeatureMap features = linear.getFeatureIDMap();
        SparseVector weights = linear.getWeights().get(TribuoModel.REGRESSION_DIMENSION);
        List<FeatureImportance> out = new ArrayList<>();
        for (int f = 0; f < features.size(); f++) {
            double w = weights == null ? 0 : weights.get(f);
            out.add(new FeatureImportance(features.get(f).getName(), Math.abs(w), w, "coefficient"));
        }
        return out;
    }
}
