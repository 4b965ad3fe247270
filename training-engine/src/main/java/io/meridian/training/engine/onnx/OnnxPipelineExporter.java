package io.meridian.training.engine.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorProto.DataType;

import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.common.sgd.AbstractFMModel;
import org.tribuo.math.la.DenseMatrix;
import org.tribuo.math.la.DenseVector;
import org.tribuo.math.la.Tensor;
import org.tribuo.regression.sgd.fm.FMRegressionModel;
import org.tribuo.common.xgboost.XGBoostModel;
import org.tribuo.ensemble.WeightedEnsembleModel;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXNode;
import org.tribuo.util.onnx.ONNXPlaceholder;

import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.model.TribuoModel;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.FittedPreprocessor.CategoricalStep;
import io.meridian.training.engine.prep.FittedPreprocessor.NumericStep;

/**
 * Writes the fitted preprocessing and a {@link TribuoModel} as one ONNX graph (ai.onnx opset 17, ai.onnx.ml
 * opset 3), following {@link PipelineExporter}'s contract and {@link FittedPreprocessor}'s order of operations.
 *
 * <p>The preprocessing is computed in double: numeric input -> Cast(double) -> Where(IsNaN, fill) (plus
 * Cast(IsNaN) for a missing indicator); categorical input -> LabelEncoder to the level index (-1 for a value
 * that matches no level; the empty string, i.e. a missing value, maps to the fill's level) -> Equal against
 * 0..L-1 -> one-hot; Concat; Sub(offset), Mul(scale); Gather(selected); Sub(pca mean), MatMul(componentsᵀ).
 * The result is Cast to float: that is the model input, exactly as {@link TrainedModel#predict} rounds it.
 *
 * <p>The model: linear and sparse linear models are written by Tribuo's own {@code writeONNXGraph} (their
 * columns gathered into Tribuo's feature order, their outputs mapped into {@code classes()} order by a 0/1
 * matrix); factorization machines are written here in double from their parameters; XGBoost and random forests as TreeEnsemble operators (see
 * {@link TreeEnsembleWriter}). The binary {@value #LABEL} output is the positive class when
 * P(positive) >= threshold; the multiclass one the arg-max class.
 */
public final class OnnxPipelineExporter implements PipelineExporter {
    static final int OPSET = 17;
    static final int ML_OPSET = 3;
    static final String DOMAIN = "io.meridian.training";

    @Override
    public byte[] export(FittedPreprocessor preprocessor, TrainedModel model, ExportOptions options) {
        Objects.requireNonNull(preprocessor, "preprocessor");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(options, "options");
        if (!(model instanceof TribuoModel tribuo)) {
            throw new UnsupportedOperationException("cannot export a " + model.getClass().getName()
                + " (only models trained by io.meridian.training.engine.model.Algorithms)");
        }
        if (!preprocessor.outputNames().equals(model.inputNames())) {
            throw new IllegalArgumentException("the preprocessor's output columns " + preprocessor.outputNames()
                + " are not the model's input columns " + model.inputNames());
        }
        double threshold = options.threshold();
        if (model.task() == Task.BINARY) {
            threshold = Double.isNaN(threshold) ? 0.5 : threshold;
            if (!(threshold >= 0 && threshold <= 1)) {
                throw new IllegalArgumentException("threshold must be in [0, 1], got " + options.threshold());
            }
            if (tribuo.positiveClass() == null) {
                throw new IllegalArgumentException("the binary model has no positive class");
            }
        }

        OnnxGraph graph = new OnnxGraph();
        graph.proto().setName(options.graphName() == null || options.graphName().isBlank() ? "meridian-pipeline"
            : options.graphName());
        String features = preprocess(graph, preprocessor);
        if (model.task().isClassification()) {
            String probabilities = classify(graph, tribuo, features);
            graph.node("", "Identity", Map.of(), List.of(probabilities), List.of(PROBABILITIES));
            label(graph, tribuo, threshold);
            graph.output(LABEL, DataType.STRING, "N");
            graph.output(PROBABILITIES, DataType.FLOAT, "N", (long) model.classes().size());
        } else {
            graph.node("", "Identity", Map.of(), List.of(regress(graph, tribuo, features)), List.of(VALUE));
            graph.output(VALUE, DataType.FLOAT, "N", 1L);
        }

        ModelProto.Builder proto = ModelProto.newBuilder()
            .setIrVersion(8)
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(OnnxGraph.ML).setVersion(ML_OPSET))
            .setProducerName("meridian-training-engine")
            .setDomain(DOMAIN)
            .setModelVersion(options.modelVersion())
            .setDocString(model.algorithm() + " " + model.task() + " pipeline over " + preprocessor.inputs().size()
                + " raw features")
            .setGraph(graph.proto());
        new java.util.TreeMap<>(options.metadata()).forEach((key, value) -> proto.addMetadataProps(
            StringStringEntryProto.newBuilder().setKey(key).setValue(value == null ? "" : value)));
        return proto.build().toByteArray();
    }

    // ---------------------------------------------------------------- preprocessing

    private static String preprocess(OnnxGraph graph, FittedPreprocessor p) {
        List<String> columns = new ArrayList<>();
        int width = 0;
        int numeric = 0;
        int categorical = 0;
        for (FeatureColumn input : p.inputs()) {
            if (input.kind() == FeatureKind.NUMERIC) {
                NumericStep step = p.numeric().get(numeric++);
                requireSame(input, step.feature());
                graph.input(input.name(), DataType.FLOAT, "N", 1L);
                String missing = graph.op("IsNaN", Map.of(), input.name());
                String value = graph.op("Cast", Map.of("to", (long) DataType.DOUBLE_VALUE), input.name());
                if (!Double.isNaN(step.fill())) {
                    value = graph.op("Where", Map.of(), missing, graph.doubles("fill", new double[] {step.fill()}, 1),
                        value);
                }
                columns.add(value);
                width++;
                if (step.missingIndicator()) {
                    columns.add(graph.op("Cast", Map.of("to", (long) DataType.DOUBLE_VALUE), missing));
                    width++;
                }
            } else {
                CategoricalStep step = p.categorical().get(categorical++);
                requireSame(input, step.feature());
                graph.input(input.name(), DataType.STRING, "N", 1L);
                List<String> levels = step.levels();
                if (levels.isEmpty()) {
                    continue;
                }
                List<String> keys = new ArrayList<>(levels);
                List<Long> ids = new ArrayList<>();
                for (long k = 0; k < levels.size(); k++) {
                    ids.add(k);
                }
                int fill = step.fill() == null ? -1 : levels.indexOf(step.fill());
                if (fill >= 0 && !levels.contains("")) {
                    keys.add("");
                    ids.add((long) fill);
                }
                Map<String, Object> attributes = new LinkedHashMap<>();
                attributes.put("keys_strings", keys.toArray(String[]::new));
                attributes.put("values_int64s", OnnxGraph.toLongs(ids));
                attributes.put("default_int64", -1L);
                String index = graph.opIn(OnnxGraph.ML, "LabelEncoder", attributes, input.name());
                long[] range = new long[levels.size()];
                for (int k = 0; k < range.length; k++) {
                    range[k] = k;
                }
                String hot = graph.op("Equal", Map.of(), index, graph.longs("levels", range, 1, range.length));
                columns.add(graph.op("Cast", Map.of("to", (long) DataType.DOUBLE_VALUE), hot));
                width += levels.size();
            }
        }
        if (numeric != p.numeric().size() || categorical != p.categorical().size()) {
            throw new IllegalArgumentException("the preprocessor has " + p.numeric().size() + " numeric and "
                + p.categorical().size() + " categorical steps for " + numeric + " numeric and " + categorical
                + " categorical inputs");
        }
        if (width != p.encodedNames().size()) {
            throw new IllegalArgumentException("the encode step writes " + width + " columns but encodedNames has "
                + p.encodedNames().size());
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("the preprocessor encodes no columns");
        }
        String x = columns.size() == 1 ? columns.get(0)
            : graph.op("Concat", Map.of("axis", 1L), columns.toArray(String[]::new));

        boolean scaled = false;
        for (int j = 0; j < width; j++) {
            scaled |= p.offset()[j] != 0 || p.scale()[j] != 1;
        }
        if (scaled) {
            x = graph.op("Sub", Map.of(), x, graph.doubles("offset", p.offset(), width));
            x = graph.op("Mul", Map.of(), x, graph.doubles("scale", p.scale(), width));
        }

        int[] selected = p.selected();
        boolean identity = selected.length == width;
        for (int k = 0; k < selected.length; k++) {
            if (selected[k] < 0 || selected[k] >= width) {
                throw new IllegalArgumentException("selected column " + selected[k] + " is outside the " + width
                    + " encoded columns");
            }
            identity &= selected[k] == k;
        }
        if (!identity) {
            long[] indices = new long[selected.length];
            for (int k = 0; k < indices.length; k++) {
                indices[k] = selected[k];
            }
            x = graph.op("Gather", Map.of("axis", 1L), x, graph.longs("selected", indices, indices.length));
        }

        if (p.pca() != null) {
            double[][] components = p.pca().components();
            int k = components.length;
            int s = selected.length;
            if (p.pca().mean().length != s) {
                throw new IllegalArgumentException("pca.mean has " + p.pca().mean().length + " entries for " + s
                    + " selected columns");
            }
            double[] transposed = new double[s * k];
            for (int c = 0; c < k; c++) {
                if (components[c].length != s) {
                    throw new IllegalArgumentException("pca component " + c + " has " + components[c].length
                        + " weights for " + s + " selected columns");
                }
                for (int j = 0; j < s; j++) {
                    transposed[j * k + c] = components[c][j];
                }
            }
            x = graph.op("Sub", Map.of(), x, graph.doubles("pca_mean", p.pca().mean(), s));
            x = graph.op("MatMul", Map.of(), x, graph.doubles("pca_components", transposed, s, k));
        }
        return graph.op("Cast", Map.of("to", (long) DataType.FLOAT_VALUE), x);
    }

    private static void requireSame(FeatureColumn input, String stepFeature) {
        if (!input.name().equals(stepFeature)) {
            throw new IllegalArgumentException("the preprocessing step for input '" + input.name()
                + "' is for '" + stepFeature + "' (steps must follow the inputs' order)");
        }
    }

    // ---------------------------------------------------------------- models

    /** Float [N, C] class probabilities in classes() order. */
    private static String classify(OnnxGraph graph, TribuoModel tribuo, String features) {
        Model<?> model = tribuo.tribuoModel();
        List<String> classes = tribuo.classes();
        Map<String, Integer> classIndex = new HashMap<>();
        for (int k = 0; k < classes.size(); k++) {
            classIndex.put(classes.get(k), k);
        }
        @SuppressWarnings("unchecked")
        ImmutableOutputInfo<Label> outputs = (ImmutableOutputInfo<Label>) model.getOutputIDInfo();
        int[] classColumn = new int[outputs.size()];
        for (int id = 0; id < classColumn.length; id++) {
            Integer k = classIndex.get(outputs.getOutput(id).getLabel());
            if (k == null) {
                throw new IllegalStateException("the Tribuo model knows the class '" + outputs.getOutput(id).getLabel()
                    + "' which is not among " + classes);
            }
            classColumn[id] = k;
        }
        if (model instanceof XGBoostModel<?> xgb) {
            if (classColumn.length != classes.size()) {
                throw new UnsupportedOperationException("the XGBoost model was trained on " + classColumn.length
                    + " of the " + classes.size() + " classes");
            }
            return TreeEnsembleWriter.xgboost(graph, toDouble(graph, features), xgb,
                columnsById(model.getFeatureIDMap(), tribuo.inputNames()), classColumn);
        }
        if (model instanceof WeightedEnsembleModel<?> forest && !(forest.getModels().isEmpty())
            && forest.getModels().get(0) instanceof org.tribuo.common.tree.TreeModel) {
            return TreeEnsembleWriter.forest(graph, toDouble(graph, features), forest, columnsByName(tribuo),
                new int[classes.size()], classIndex);
        }
        if (model instanceof ONNXExportable exportable) {
            String scores = model instanceof AbstractFMModel<?> fm
                ? graph.op("Cast", Map.of("to", (long) DataType.FLOAT_VALUE),
                    graph.op("Softmax", Map.of("axis", 1L), factorizationMachine(graph, fm, tribuo.inputNames(),
                        features)))
                : embedTribuo(graph, exportable, model.getFeatureIDMap(), tribuo.inputNames(), features,
                    classColumn.length);
            // reorder (and pad classes the model never saw with zeros): [N, Ct] x [Ct, C] 0/1 matrix, exact
            float[] map = new float[classColumn.length * classes.size()];
            for (int id = 0; id < classColumn.length; id++) {
                map[id * classes.size() + classColumn[id]] = 1f;
            }
            return graph.op("MatMul", Map.of(), scores, graph.floats("class_order", map, classColumn.length,
                classes.size()));
        }
        throw new UnsupportedOperationException("cannot export a Tribuo " + model.getClass().getName());
    }

    /** Float [N, 1] regression values. */
    private static String regress(OnnxGraph graph, TribuoModel tribuo, String features) {
        Model<?> model = tribuo.tribuoModel();
        if (model.getOutputIDInfo().size() != 1) {
            throw new UnsupportedOperationException("a regression model with " + model.getOutputIDInfo().size()
                + " outputs cannot be exported");
        }
        if (model instanceof XGBoostModel<?> xgb) {
            return TreeEnsembleWriter.xgboost(graph, toDouble(graph, features), xgb,
                columnsById(model.getFeatureIDMap(), tribuo.inputNames()), null);
        }
        if (model instanceof WeightedEnsembleModel<?> forest && !(forest.getModels().isEmpty())
            && forest.getModels().get(0) instanceof org.tribuo.common.tree.TreeModel) {
            return TreeEnsembleWriter.forest(graph, toDouble(graph, features), forest, columnsByName(tribuo), null,
                null);
        }
        if (model instanceof FMRegressionModel fm) {
            return unscale(graph, tribuo, factorizationMachine(graph, fm, tribuo.inputNames(), features));
        }
        if (model instanceof ONNXExportable exportable) {
            return unscale(graph, tribuo, toDouble(graph,
                embedTribuo(graph, exportable, model.getFeatureIDMap(), tribuo.inputNames(), features, 1)));
        }
        throw new UnsupportedOperationException("cannot export a Tribuo " + model.getClass().getName());
    }

    /** Double [N, 1] model output -> float value, applying the model's target standardisation in double. */
    private static String unscale(OnnxGraph graph, TribuoModel tribuo, String value) {
        if (tribuo.valueScale() != 1 || tribuo.valueShift() != 0) {
            value = graph.op("Add", Map.of(), graph.op("Mul", Map.of(), value,
                    graph.doubles("value_scale", new double[] {tribuo.valueScale()}, 1)),
                graph.doubles("value_shift", new double[] {tribuo.valueShift()}, 1));
        }
        return graph.op("Cast", Map.of("to", (long) DataType.FLOAT_VALUE), value);
    }

    private static String toDouble(OnnxGraph graph, String features) {
        return graph.op("Cast", Map.of("to", (long) DataType.DOUBLE_VALUE), features);
    }

    private static Map<String, Integer> columnsByName(TribuoModel tribuo) {
        Map<String, Integer> out = new HashMap<>();
        for (int j = 0; j < tribuo.inputNames().size(); j++) {
            out.put(tribuo.inputNames().get(j), j);
        }
        return out;
    }

    /** For every Tribuo feature id, the model input column of that name. */
    private static int[] columnsById(ImmutableFeatureMap features, List<String> inputNames) {
        int[] out = new int[features.size()];
        for (int id = 0; id < out.length; id++) {
            String name = features.get(id).getName();
            out[id] = inputNames.indexOf(name);
            if (out[id] < 0) {
                throw new IllegalStateException("the Tribuo model's feature '" + name + "' is not a model input");
            }
        }
        return out;
    }

    /**
     * A factorization machine's scores in double (Tribuo's own graph is float, and the FM's difference of squares
     * loses too much in float on unscaled columns): per output o,
     * {@code b[o] + w[o]·x + 1/2 * sum_f ((x·V_o[f])^2 - (x^2)·(V_o[f]^2))}. Returns double [N, outputs] in
     * Tribuo's output id order (before the output transform).
     */
    private static String factorizationMachine(OnnxGraph graph, AbstractFMModel<?> fm, List<String> inputNames,
                                               String features) {
        int[] columns = columnsById(fm.getFeatureIDMap(), inputNames);
        long[] indices = new long[columns.length];
        for (int id = 0; id < columns.length; id++) {
            indices[id] = columns[id];
        }
        int f = columns.length;
        String x = graph.op("Gather", Map.of("axis", 1L), toDouble(graph, features),
            graph.longs("fm_columns", indices, f));
        DenseMatrix weights = fm.getLinearWeightsCopy();
        DenseVector biases = fm.getBiasesCopy();
        Tensor[] factors = fm.getFactorsCopy();
        int outputs = biases.size();
        if (weights.getDimension1Size() != outputs || weights.getDimension2Size() != f
            || factors.length != outputs) {
            throw new IllegalStateException("unexpected factorization machine shapes: weights "
                + weights.getDimension1Size() + "x" + weights.getDimension2Size() + ", " + outputs + " biases, "
                + factors.length + " factor matrices, " + f + " features");
        }
        double[] wt = new double[f * outputs];
        double[] b = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            b[o] = biases.get(o);
            for (int j = 0; j < f; j++) {
                wt[j * outputs + o] = weights.get(o, j);
            }
        }
        String linear = graph.op("Add", Map.of(), graph.op("MatMul", Map.of(), x,
            graph.doubles("fm_weights", wt, f, outputs)), graph.doubles("fm_biases", b, outputs));
        String squared = graph.op("Mul", Map.of(), x, x);
        String half = graph.doubles("half", new double[] {0.5}, 1);
        String sumAxis = graph.longs("fm_axis", new long[] {1}, 1);
        String[] interactions = new String[outputs];
        for (int o = 0; o < outputs; o++) {
            DenseMatrix v = (DenseMatrix) factors[o];
            int k = v.getDimension1Size();
            if (v.getDimension2Size() != f) {
                throw new IllegalStateException("factor matrix " + o + " is " + k + "x" + v.getDimension2Size()
                    + " for " + f + " features");
            }
            double[] vt = new double[f * k];
            double[] vt2 = new double[f * k];
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < f; j++) {
                    vt[j * k + c] = v.get(c, j);
                    vt2[j * k + c] = v.get(c, j) * v.get(c, j);
                }
            }
            String embedded = graph.op("MatMul", Map.of(), x, graph.doubles("fm_factors", vt, f, k));
            String difference = graph.op("Sub", Map.of(), graph.op("Mul", Map.of(), embedded, embedded),
                graph.op("MatMul", Map.of(), squared, graph.doubles("fm_factors_sq", vt2, f, k)));
            interactions[o] = graph.op("Mul", Map.of(), graph.op("ReduceSum", Map.of("keepdims", 1L), difference,
                sumAxis), half);
        }
        String pairwise = outputs == 1 ? interactions[0] : graph.op("Concat", Map.of("axis", 1L), interactions);
        return graph.op("Add", Map.of(), linear, pairwise);
    }

    /**
     * Gathers the model input columns into Tribuo's feature id order, lets Tribuo write its graph in its own
     * context, and copies that graph's nodes and initializers in under a unique prefix. Returns the float
     * [N, width] output.
     */
    private static String embedTribuo(OnnxGraph graph, ONNXExportable model, ImmutableFeatureMap features,
                                      List<String> inputNames, String input, int width) {
        int[] columns = columnsById(features, inputNames);
        long[] indices = new long[columns.length];
        for (int id = 0; id < columns.length; id++) {
            indices[id] = columns[id];
        }
        String gathered = graph.op("Gather", Map.of("axis", 1L), input,
            graph.longs("tribuo_columns", indices, indices.length));

        ONNXContext context = new ONNXContext();
        ONNXPlaceholder in = context.floatInput("tribuo_input", columns.length);
        ONNXPlaceholder out = context.floatOutput("tribuo_output", width);
        ONNXNode written = model.writeONNXGraph(in);
        written.assignTo(out);
        GraphProto sub = context.buildGraph();

        String prefix = graph.fresh("tribuo") + "/";
        String output = prefix + "output";
        Map<String, String> rename = new HashMap<>();
        rename.put("tribuo_input", gathered);
        rename.put("tribuo_output", output);
        for (TensorProto init : sub.getInitializerList()) {
            graph.addInitializer(init.toBuilder().setName(prefix + init.getName()).build());
        }
        for (NodeProto node : sub.getNodeList()) {
            NodeProto.Builder copy = node.toBuilder().clearInput().clearOutput().setName(prefix + node.getName());
            for (String name : node.getInputList()) {
                copy.addInput(name.isEmpty() ? name : rename.getOrDefault(name, prefix + name));
            }
            for (String name : node.getOutputList()) {
                copy.addOutput(name.isEmpty() ? name : rename.getOrDefault(name, prefix + name));
            }
            graph.addNode(copy.build());
        }
        return output;
    }

    // ---------------------------------------------------------------- label

    private static void label(OnnxGraph graph, TribuoModel model, double threshold) {
        List<String> classes = model.classes();
        String index;
        if (model.task() == Task.BINARY) {
            int positive = classes.indexOf(model.positiveClass());
            int negative = 1 - positive;
            String p = graph.op("Gather", Map.of("axis", 1L), PROBABILITIES,
                graph.longs("positive", new long[] {positive}, 1));
            String decided = graph.op("GreaterOrEqual", Map.of(), p,
                graph.floats("threshold", new float[] {(float) threshold}, 1));
            String asLong = graph.op("Cast", Map.of("to", (long) DataType.INT64_VALUE), decided);
            String flat = graph.op("Squeeze", Map.of(), asLong, graph.longs("axis", new long[] {1}, 1));
            index = graph.op("Gather", Map.of(), graph.longs("binary_classes", new long[] {negative, positive}, 2),
                flat);
        } else {
            index = graph.op("ArgMax", Map.of("axis", 1L, "keepdims", 0L), PROBABILITIES);
        }
        long[] keys = new long[classes.size()];
        for (int k = 0; k < keys.length; k++) {
            keys[k] = k;
        }
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("keys_int64s", keys);
        attributes.put("values_strings", classes.toArray(String[]::new));
        attributes.put("default_string", "");
        graph.node(OnnxGraph.ML, "LabelEncoder", attributes, List.of(index), List.of(LABEL));
    }
}
