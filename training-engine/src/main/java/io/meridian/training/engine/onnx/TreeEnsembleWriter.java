package io.meridian.training.engine.onnx;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import org.tribuo.common.tree.LeafNode;
import org.tribuo.common.tree.Node;
import org.tribuo.common.tree.SplitNode;
import org.tribuo.common.tree.TreeModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.regression.Regressor;

import io.meridian.training.engine.model.RandomForest;

import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Writes trained trees as one ai.onnx.ml TreeEnsembleClassifier or TreeEnsembleRegressor node over the model
 * input (double, holding float values), so the comparisons are exactly the Java model's:
 * <ul>
 *   <li>XGBoost compares {@code float(x) < float(threshold)}: the dump's 9-digit thresholds are parsed back to
 *       the same floats, mode BRANCH_LT, the "missing" branch kept; classification sums each class's trees
 *       ({@code multi:softprob} grouping tree i to class i mod C) and applies SOFTMAX, regression adds the base
 *       score 0.5.</li>
 *   <li>Tribuo CART compares {@code x <= threshold} in double: for float inputs this equals
 *       {@code x <= t'} with {@code t'} the largest float not above the threshold (BRANCH_LEQ); NaN goes to the
 *       less-or-equal branch as in Java. A forest averages the leaf class distributions (classification) or the
 *       leaf values (regression).</li>
 * </ul>
 */
final class TreeEnsembleWriter {
    /** XGBoost 1.6's base score for squared error (Tribuo does not override it). */
    static final double XGBOOST_BASE_SCORE = 0.5;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Long> treeIds = new ArrayList<>();
    private final List<Long> nodeIds = new ArrayList<>();
    private final List<Long> featureIds = new ArrayList<>();
    private final List<String> modes = new ArrayList<>();
    private final List<Float> values = new ArrayList<>();
    private final List<Long> trueIds = new ArrayList<>();
    private final List<Long> falseIds = new ArrayList<>();
    private final List<Long> missingTrue = new ArrayList<>();
    private final List<Long> leafTree = new ArrayList<>();
    private final List<Long> leafNode = new ArrayList<>();
    private final List<Long> leafTarget = new ArrayList<>();
    private final List<Float> leafWeight = new ArrayList<>();

    private void split(long tree, long node, long feature, String mode, float threshold, long yes, long no,
                       boolean missingYes) {
        treeIds.add(tree);
        nodeIds.add(node);
        featureIds.add(feature);
        modes.add(mode);
        values.add(threshold);
        trueIds.add(yes);
        falseIds.add(no);
        missingTrue.add(missingYes ? 1L : 0L);
    }

    private void leaf(long tree, long node) {
        treeIds.add(tree);
        nodeIds.add(node);
        featureIds.add(0L);
        modes.add("LEAF");
        values.add(0f);
        trueIds.add(0L);
        falseIds.add(0L);
        missingTrue.add(0L);
    }

    private void weight(long tree, long node, long target, double weight) {
        leafTree.add(tree);
        leafNode.add(node);
        leafTarget.add(target);
        leafWeight.add((float) weight);
    }

    private Map<String, Object> nodeAttributes() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("nodes_treeids", OnnxGraph.toLongs(treeIds));
        a.put("nodes_nodeids", OnnxGraph.toLongs(nodeIds));
        a.put("nodes_featureids", OnnxGraph.toLongs(featureIds));
        a.put("nodes_modes", modes.toArray(String[]::new));
        a.put("nodes_values", OnnxGraph.toFloats(values));
        a.put("nodes_truenodeids", OnnxGraph.toLongs(trueIds));
        a.put("nodes_falsenodeids", OnnxGraph.toLongs(falseIds));
        a.put("nodes_missing_value_tracks_true", OnnxGraph.toLongs(missingTrue));
        return a;
    }

    /** The float {@code t'} <= t closest to t: for every float x, {@code x <= t} iff {@code x <= t'}. */
    static float floorToFloat(double t) {
        float f = (float) t;
        return (double) f > t ? Math.nextDown(f) : f;
    }

    /**
     * Writes the classifier node; returns the name of its float [N, C] probability output (columns in the order
     * of {@code classColumn}'s values 0..C-1).
     */
    private String classifier(OnnxGraph graph, String input, int classes, String postTransform) {
        Map<String, Object> a = nodeAttributes();
        a.put("class_treeids", OnnxGraph.toLongs(leafTree));
        a.put("class_nodeids", OnnxGraph.toLongs(leafNode));
        a.put("class_ids", OnnxGraph.toLongs(leafTarget));
        a.put("class_weights", OnnxGraph.toFloats(leafWeight));
        long[] labels = new long[classes];
        for (int k = 0; k < classes; k++) {
            labels[k] = k;
        }
        a.put("classlabels_int64s", labels);
        a.put("post_transform", postTransform);
        String label = graph.fresh("tree_label");
        String scores = graph.fresh("tree_scores");
        graph.node(OnnxGraph.ML, "TreeEnsembleClassifier", a, List.of(input), List.of(label, scores));
        return scores;
    }

    private String regressor(OnnxGraph graph, String input, String aggregate, double base) {
        Map<String, Object> a = nodeAttributes();
        a.put("target_treeids", OnnxGraph.toLongs(leafTree));
        a.put("target_nodeids", OnnxGraph.toLongs(leafNode));
        a.put("target_ids", OnnxGraph.toLongs(leafTarget));
        a.put("target_weights", OnnxGraph.toFloats(leafWeight));
        a.put("n_targets", 1L);
        a.put("aggregate_function", aggregate);
        a.put("post_transform", "NONE");
        if (base != 0) {
            a.put("base_values", new float[] {(float) base});
        }
        String value = graph.fresh("tree_value");
        graph.node(OnnxGraph.ML, "TreeEnsembleRegressor", a, List.of(input), List.of(value));
        return value;
    }

    /**
     * XGBoost. {@code column} maps a Tribuo feature id to the model input column; {@code classColumn} maps a
     * Tribuo output id to the probability column (classification), null for regression.
     */
    static String xgboost(OnnxGraph graph, String input, XGBoostModel<?> model, int[] column, int[] classColumn) {
        if (model.getInnerModels().size() != 1) {
            throw new UnsupportedOperationException("an XGBoost model with " + model.getInnerModels().size()
                + " boosters (multi-output regression) cannot be exported");
        }
        Booster booster = model.getInnerModels().get(0);
        String[] dump;
        try {
            dump = booster.getModelDump((String) null, false, "json");
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost could not dump its trees: " + e.getMessage(), e);
        }
        TreeEnsembleWriter writer = new TreeEnsembleWriter();
        int groups = classColumn == null ? 1 : classColumn.length;
        for (int t = 0; t < dump.length; t++) {
            JsonNode root;
            try {
                root = JSON.readTree(dump[t]);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable XGBoost tree dump " + t + ": " + e.getMessage(), e);
            }
            long target = classColumn == null ? 0 : classColumn[t % groups];
            writer.xgboostNode(t, root, column, target);
        }
        if (classColumn == null) {
            return writer.regressor(graph, input, "SUM", XGBOOST_BASE_SCORE);
        }
        return writer.classifier(graph, input, classColumn.length, "SOFTMAX");
    }

    private void xgboostNode(long tree, JsonNode node, int[] column, long target) {
        long id = node.get("nodeid").asLong();
        if (node.has("leaf")) {
            leaf(tree, id);
            weight(tree, id, target, node.get("leaf").asDouble());
            return;
        }
        String feature = node.get("split").asText();
        if (!feature.startsWith("f") || !node.has("split_condition")) {
            throw new UnsupportedOperationException("unsupported XGBoost split '" + feature + "'");
        }
        int tribuoId = Integer.parseInt(feature.substring(1));
        long yes = node.get("yes").asLong();
        long no = node.get("no").asLong();
        long missing = node.get("missing").asLong();
        split(tree, id, column[tribuoId], "BRANCH_LT", (float) node.get("split_condition").asDouble(), yes, no,
            missing == yes);
        for (JsonNode child : node.get("children")) {
            xgboostNode(tree, child, column, target);
        }
    }

    /** A Tribuo forest of CART trees; {@code columnOf} maps a feature name to the model input column. */
    static String forest(OnnxGraph graph, String input, WeightedEnsembleModel<?> forest,
                         Map<String, Integer> columnOf, int[] classColumn, Map<String, Integer> classIndex) {
        TreeEnsembleWriter writer = new TreeEnsembleWriter();
        List<? extends Model<?>> members = forest.getModels();
        double share = 1.0 / members.size();
        for (int t = 0; t < members.size(); t++) {
            if (!(members.get(t) instanceof TreeModel<?> tree)) {
                throw new UnsupportedOperationException("a forest member is not a tree: " + members.get(t)
                    .getClass().getName());
            }
            writer.cartNode(t, RandomForest.root(tree), new long[] {0}, tree.getFeatureIDMap(), columnOf, classIndex, share);
        }
        if (classColumn == null) {
            return writer.regressor(graph, input, "SUM", 0);
        }
        return writer.classifier(graph, input, classColumn.length, "NONE");
    }

    private long cartNode(long tree, Node<?> node, long[] next, ImmutableFeatureMap features,
                          Map<String, Integer> columnOf, Map<String, Integer> classIndex, double share) {
        long id = next[0]++;
        if (node instanceof LeafNode<?> leaf) {
            leaf(tree, id);
            if (classIndex == null) {
                weight(tree, id, 0, ((Regressor) leaf.getOutput()).getValues()[0] * share);
            } else {
                for (Map.Entry<String, ?> e : leaf.getDistribution().entrySet()) {
                    // zero weights too: every class appears, so ONNX Runtime never takes its one-class binary path
                    weight(tree, id, classIndex.get(e.getKey()), ((Label) e.getValue()).getScore() * share);
                }
            }
            return id;
        }
        SplitNode<?> split = (SplitNode<?>) node;
        int position = treeIds.size();
        split(tree, id, 0, "BRANCH_LEQ", 0f, 0, 0, true);
        long left = cartNode(tree, split.getLessThanOrEqual(), next, features, columnOf, classIndex, share);
        long right = cartNode(tree, split.getGreaterThan(), next, features, columnOf, classIndex, share);
        Integer column = columnOf.get(features.get(split.getFeatureID()).getName());
        if (column == null) {
            throw new IllegalStateException("tree feature '" + features.get(split.getFeatureID()).getName()
                + "' is not a model input");
        }
        featureIds.set(position, (long) column);
        values.set(position, floorToFloat(split.splitValue()));
        trueIds.set(position, left);
        falseIds.set(position, right);
        return id;
    }
}
