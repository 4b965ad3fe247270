package io.meridian.training.engine.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.dtree.CARTClassificationTrainer;
import org.tribuo.classification.dtree.impurity.GiniIndex;
import org.tribuo.classification.ensemble.FullyWeightedVotingCombiner;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.RandomForestTrainer;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.ensemble.AveragingCombiner;
import org.tribuo.regression.rtree.IndependentRegressionTreeModel;
import org.tribuo.regression.rtree.CARTRegressionTrainer;
import org.tribuo.regression.rtree.impurity.MeanSquaredError;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/**
 * {@code random-forest}: bagged CART trees with a random share of the columns tried at each split (Tribuo
 * {@link RandomForestTrainer}, seeded). Classification averages the trees' leaf class distributions (Gini
 * impurity), regression averages their leaf values (squared error). Importance: the mean decrease in impurity
 * per column (kind "gain").
 */
public final class RandomForest extends TribuoTrainer {
    public static final String ID = "random-forest";

    static final Hyperparameters PARAMS = Hyperparameters.builder(ID)
        .integer("numTrees", 100, 1, 5_000, "Trees in the forest.")
        .integer("maxDepth", 12, 1, 64, "Maximum tree depth.")
        .number("minChildWeight", 1.0, 0, 1e6, "Minimum example weight in a child node.")
        .number("fractionFeaturesInSplit", 0.5, Hyperparameters.POSITIVE, Hyperparameters.BELOW_ONE,
            "Share of the columns tried at each split.")
        .number("minImpurityDecrease", 0.0, 0, 1e6, "Minimum impurity decrease to make a split.")
        .build();

    public RandomForest() {
        super(ID, Set.of(Task.BINARY, Task.MULTICLASS, Task.REGRESSION), PARAMS);
    }

    @Override
    Model<Label> fitClassification(MutableDataset<Label> data, Target target, Hyperparameters.Resolved params,
                                   long seed) {
        CARTClassificationTrainer cart = new CARTClassificationTrainer(params.integer("maxDepth"),
            (float) params.number("minChildWeight"), (float) params.number("minImpurityDecrease"),
            (float) params.number("fractionFeaturesInSplit"), false, new GiniIndex(), seed);
        return new RandomForestTrainer<>(cart, new FullyWeightedVotingCombiner(), params.integer("numTrees"), seed)
            .train(data);
    }

    @Override
    Model<Regressor> fitRegression(MutableDataset<Regressor> data, Hyperparameters.Resolved params, long seed) {
        CARTRegressionTrainer cart = new CARTRegressionTrainer(params.integer("maxDepth"),
            (float) params.number("minChildWeight"), (float) params.number("minImpurityDecrease"),
            (float) params.number("fractionFeaturesInSplit"), false, new MeanSquaredError(), seed);
        return new RandomForestTrainer<>(cart, new AveragingCombiner(), params.integer("numTrees"), seed)
            .train(data);
    }

    /**
     * A tree's root: a regression tree keeps one root per output dimension (Tribuo's
     * {@link IndependentRegressionTreeModel}), this engine has the single dimension "value".
     */
    public static Node<?> root(TreeModel<?> tree) {
        if (tree instanceof IndependentRegressionTreeModel regression) {
            Node<?> root = regression.getRoots().get(TribuoModel.REGRESSION_DIMENSION);
            if (root == null) {
                throw new IllegalStateException("the regression tree has no root for dimension '"
                    + TribuoModel.REGRESSION_DIMENSION + "': " + regression.getRoots().keySet());
            }
            return root;
        }
        return tree.getRoot();
    }

    /**
     * Mean decrease in impurity: every training row is routed through every tree, and each split adds
     * {@code n(node) * impurity(node) - n(left) * impurity(left) - n(right) * impurity(right)} to its column,
     * averaged over the trees (Tribuo keeps the node impurities but not the node sizes, hence the routing).
     */
    @Override
    List<FeatureImportance> importance(Model<?> model, Target target, String positiveClass, double[][] x,
                                       List<String> inputNames) {
        WeightedEnsembleModel<?> forest = (WeightedEnsembleModel<?>) model;
        Map<String, Double> decrease = new HashMap<>();
        for (var member : forest.getModels()) {
            TreeModel<?> tree = (TreeModel<?>) member;
            int[] columnOfId = new int[tree.getFeatureIDMap().size()];
            String[] nameOfId = new String[columnOfId.length];
            for (int id = 0; id < columnOfId.length; id++) {
                nameOfId[id] = tree.getFeatureIDMap().get(id).getName();
                columnOfId[id] = inputNames.indexOf(nameOfId[id]);
            }
            Map<Node<?>, Integer> counts = new IdentityHashMap<>();
            for (double[] row : x) {
                Node<?> node = root(tree);
                counts.merge(node, 1, Integer::sum);
                while (node instanceof SplitNode<?> split) {
                    double value = (float) row[columnOfId[split.getFeatureID()]];
                    node = value > split.splitValue() ? split.getGreaterThan() : split.getLessThanOrEqual();
                    counts.merge(node, 1, Integer::sum);
                }
            }
            for (Map.Entry<Node<?>, Integer> e : counts.entrySet()) {
                if (e.getKey() instanceof SplitNode<?> split) {
                    double gain = e.getValue() * split.getImpurity()
                        - counts.getOrDefault(split.getLessThanOrEqual(), 0) * split.getLessThanOrEqual().getImpurity()
                        - counts.getOrDefault(split.getGreaterThan(), 0) * split.getGreaterThan().getImpurity();
                    decrease.merge(nameOfId[split.getFeatureID()], gain / x.length, Double::sum);
                }
            }
        }
        List<FeatureImportance> out = new ArrayList<>();
        int trees = forest.getNumModels();
        for (int f = 0; f < forest.getFeatureIDMap().size(); f++) {
            String name = forest.getFeatureIDMap().get(f).getName();
            double value = decrease.getOrDefault(name, 0.0) / trees;
            out.add(new FeatureImportance(name, value, value, "gain"));
        }
        return out;
    }
}
