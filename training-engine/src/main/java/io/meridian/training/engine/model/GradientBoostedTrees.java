package io.meridian.training.engine.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.common.xgboost.XGBoostTrainer.BoosterType;
import org.tribuo.common.xgboost.XGBoostTrainer.LoggingVerbosity;
import org.tribuo.common.xgboost.XGBoostTrainer.TreeMethod;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer;
import org.tribuo.regression.xgboost.XGBoostRegressionTrainer.RegressionType;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * {@code xgboost}: gradient-boosted trees by XGBoost through Tribuo, single-threaded and seeded so the same seed
 * gives the same trees. Classification uses the softmax objective ({@code multi:softprob}, one tree per class
 * and round, also for binary), regression squared error with base score 0.5. Every class must have training
 * rows. Importance: total split gain per column.
 */
public final class GradientBoostedTrees extends TribuoTrainer {
    public static final String ID = "xgboost";

    static final Hyperparameters PARAMS = Hyperparameters.builder(ID)
        .integer("numTrees", 100, 1, 10_000, "Boosting rounds (trees per class).")
        .integer("maxDepth", 6, 1, 32, "Maximum tree depth.")
        .number("eta", 0.3, Hyperparameters.POSITIVE, 1, "Learning rate: shrinkage of each tree's contribution.")
        .number("subsample", 1.0, Hyperparameters.POSITIVE, 1, "Share of rows sampled for each tree.")
        .number("colsampleByTree", 1.0, Hyperparameters.POSITIVE, 1, "Share of columns sampled for each tree.")
        .number("minChildWeight", 1.0, 0, 1e6, "Minimum sum of instance weight (hessian) in a child.")
        .number("lambda", 1.0, 0, 1e6, "L2 regularisation of leaf weights.")
        .number("alpha", 0.0, 0, 1e6, "L1 regularisation of leaf weights.")
        .number("gamma", 0.0, 0, 1e6, "Minimum loss reduction to make a split.")
        .choice("treeMethod", "hist", List.of("hist", "exact", "approx"), "XGBoost tree construction algorithm.")
        .build();

    public GradientBoostedTrees() {
        super(ID, Set.of(Task.BINARY, Task.MULTICLASS, Task.REGRESSION), PARAMS);
    }

    private static TreeMethod treeMethod(Hyperparameters.Resolved params) {
        return switch (params.choice("treeMethod")) {
            case "exact" -> TreeMethod.EXACT;
            case "approx" -> TreeMethod.APPROX;
            default -> TreeMethod.HIST;
        };
    }

    @Override
    Model<Label> fitClassification(MutableDataset<Label> data, Target target, Hyperparameters.Resolved params,
                                   long seed) {
        if (data.getOutputInfo().size() != target.classes().size()) {
            throw new IllegalArgumentException("xgboost needs training rows of every class " + target.classes()
                + "; the training rows hold " + data.getOutputInfo().size() + " of them");
        }
        XGBoostClassificationTrainer trainer = new XGBoostClassificationTrainer(BoosterType.GBTREE,
            treeMethod(params), params.integer("numTrees"), params.number("eta"), params.number("gamma"),
            params.integer("maxDepth"), params.number("minChildWeight"), params.number("subsample"),
            params.number("colsampleByTree"), params.number("lambda"), params.number("alpha"), 1,
            LoggingVerbosity.SILENT, seed);
        return trainer.train(data);
    }

    @Override
    Model<Regressor> fitRegression(MutableDataset<Regressor> data, Hyperparameters.Resolved params, long seed) {
        XGBoostRegressionTrainer trainer = new XGBoostRegressionTrainer(BoosterType.GBTREE, treeMethod(params),
            RegressionType.LINEAR, params.integer("numTrees"), params.number("eta"), params.number("gamma"),
            params.integer("maxDepth"), params.number("minChildWeight"), params.number("subsample"),
            params.number("colsampleByTree"), params.number("lambda"), params.number("alpha"), 1,
            LoggingVerbosity.SILENT, seed);
        return trainer.train(data);
    }

    @Override
    List<FeatureImportance> importance(Model<?> model, Target target, String positiveClass, double[][] x,
                                         List<String> inputNames) {
        XGBoostModel<?> xgb = (XGBoostModel<?>) model;
        ImmutableFeatureMap features = xgb.getFeatureIDMap();
        double[] gain = new double[features.size()];
        try {
            for (var booster : xgb.getInnerModels()) {
                Map<String, Double> scores = booster.getScore((String) null, "total_gain");
                for (Map.Entry<String, Double> e : scores.entrySet()) {
                    gain[Integer.parseInt(e.getKey().substring(1))] += e.getValue();
                }
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not report the split gain: " + e.getMessage(), e);
        }
        List<FeatureImportance> out = new ArrayList<>();
        for (int f = 0; f < gain.length; f++) {
            out.add(new FeatureImportance(features.get(f).getName(), gain[f], gain[f], "gain"));
        }
        return out;
    }
}
