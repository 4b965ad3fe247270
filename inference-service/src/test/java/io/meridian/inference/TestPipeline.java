package io.meridian.inference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.google.protobuf.ByteString;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.AttributeProto.AttributeType;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import io.meridian.registry.v1.ModelInput;

/**
 * A small linear pipeline in the one-graph serving contract of issue 4, built by hand so the tests do not depend on
 * the training engine: one graph input per raw feature ([N, 1], float32 numeric / string categorical); numeric
 * inputs are imputed ({@code IsNaN} + {@code Where}, when optional) and standardised, categorical ones one-hot
 * encoded with {@code ai.onnx.ml.OneHotEncoder} (unseen and missing = all zeros); then a linear model. Binary:
 * {@code sigmoid}, probabilities in class order and a {@code label} from the stored threshold
 * ({@code GreaterOrEqual} + {@code ai.onnx.ml.LabelEncoder}); multiclass: {@code Softmax} and the arg-max label;
 * regression: {@code value} [N, 1].
 *
 * <p>{@link #expected} computes the same numbers in double precision from a feature map, so a test compares the
 * service's answer with a hand computation, not with another ONNX run.
 */
public final class TestPipeline {
    /** A numeric input: {@code (x - mean) / std}, a missing value replaced by {@code fill} when optional. */
    public record Numeric(String name, boolean optional, double fill, double mean, double std) {
    }

    /** A categorical input one-hot encoded over {@code levels}. */
    public record Categorical(String name, List<String> levels, boolean rejectUnseen) {
    }

    /** What the model gives for one row: probabilities in class order (or the value) and the label. */
    public record Expected(double[] probabilities, double value, String label) {
    }

    public enum Task { BINARY, MULTICLASS, REGRESSION }

    private final Task task;
    private final List<Numeric> numeric;
    private final List<Categorical> categorical;
    private final List<String> classes;
    private final String positiveClass;
    private final double threshold;
    /** [encoded column][output]: 1 output for binary and regression, one per class for multiclass. */
    private final double[][] weights;
    private final double[] bias;

    private TestPipeline(Task task, List<Numeric> numeric, List<Categorical> categorical, List<String> classes,
            String positiveClass, double threshold, double[][] weights, double[] bias) {
        this.task = task;
        this.numeric = List.copyOf(numeric);
        this.categorical = List.copyOf(categorical);
        this.classes = List.copyOf(classes);
        this.positiveClass = positiveClass;
        this.threshold = threshold;
        this.weights = weights;
        this.bias = bias;
        int width = numeric.size() + categorical.stream().mapToInt(c -> c.levels().size()).sum();
        if (weights.length != width) {
            throw new IllegalArgumentException("need " + width + " weight rows, got " + weights.length);
        }
    }

    /** Binary: P(positive) = sigmoid(x w + b); the label is the positive class when P >= threshold. */
    public static TestPipeline binary(List<Numeric> numeric, List<Categorical> categorical, List<String> classes,
            String positiveClass, double threshold, double[] weights, double bias) {
        return new TestPipeline(Task.BINARY, numeric, categorical, classes, positiveClass, threshold,
            column(weights), new double[] {bias});
    }

    /** Multiclass: softmax(x W + b), one weight column per class. */
    public static TestPipeline multiclass(List<Numeric> numeric, List<Categorical> categorical, List<String> classes,
            double[][] weights, double[] bias) {
        return new TestPipeline(Task.MULTICLASS, numeric, categorical, classes, null, Double.NaN, weights, bias);
    }

    /** Regression: x w + b. */
    public static TestPipeline regression(List<Numeric> numeric, List<Categorical> categorical, double[] weights,
            double bias) {
        return new TestPipeline(Task.REGRESSION, numeric, categorical, List.of(), null, Double.NaN, column(weights),
            new double[] {bias});
    }

    // ---- registry metadata ---------------------------------------------------------------------------------

    /** The registry's ModelInput list: numeric inputs first, then categorical ones (graph input order). */
    public List<ModelInput> inputs() {
        List<ModelInput> inputs = new ArrayList<>();
        numeric.forEach(n -> inputs.add(ModelInput.newBuilder().setName(n.name()).setType("float")
            .setOptional(n.optional()).build()));
        categorical.forEach(c -> inputs.add(ModelInput.newBuilder().setName(c.name()).setType("string")
            .addAllLevels(c.levels()).setRejectUnseen(c.rejectUnseen()).build()));
        return inputs;
    }

    /** The tags training writes for this task. */
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("algorithm", "linear");
        tags.put("task", task.name().toLowerCase(java.util.Locale.ROOT));
        if (task != Task.REGRESSION) {
            tags.put("class_order", String.join(",", classes));
        }
        if (task == Task.BINARY) {
            tags.put("positive_class", positiveClass);
            tags.put("threshold", Double.toString(threshold));
        }
        return tags;
    }

    /** The registry's output names. */
    public List<String> outputs() {
        return task == Task.REGRESSION ? List.of("value") : List.of("label", "probabilities");
    }

    // ---- hand computation ----------------------------------------------------------------------------------

    /** What the graph computes for {@code features} (JSON-like values), in double precision. */
    public Expected expected(Map<String, ?> features) {
        double[] x = encode(features);
        int outputs = bias.length;
        double[] z = new double[outputs];
        for (int o = 0; o < outputs; o++) {
            z[o] = bias[o];
            for (int j = 0; j < x.length; j++) {
                z[o] += x[j] * weights[j][o];
            }
        }
        return switch (task) {
            case REGRESSION -> new Expected(new double[0], z[0], null);
            case BINARY -> {
                double p = 1 / (1 + Math.exp(-z[0]));
                int positive = classes.indexOf(positiveClass);
                double[] probabilities = new double[2];
                probabilities[positive] = p;
                probabilities[1 - positive] = 1 - p;
                yield new Expected(probabilities, Double.NaN, p >= threshold ? positiveClass
                    : classes.get(1 - positive));
            }
            case MULTICLASS -> {
                double max = Double.NEGATIVE_INFINITY;
                for (double v : z) {
                    max = Math.max(max, v);
                }
                double sum = 0;
                double[] probabilities = new double[outputs];
                for (int o = 0; o < outputs; o++) {
                    probabilities[o] = Math.exp(z[o] - max);
                    sum += probabilities[o];
                }
                int best = 0;
                for (int o = 0; o < outputs; o++) {
                    probabilities[o] /= sum;
                    if (probabilities[o] > probabilities[best]) {
                        best = o;
                    }
                }
                yield new Expected(probabilities, Double.NaN, classes.get(best));
            }
        };
    }

    private double[] encode(Map<String, ?> features) {
        List<Double> x = new ArrayList<>();
        for (Numeric n : numeric) {
            Object raw = features.get(n.name());
            double value = raw == null ? n.fill() : raw instanceof Boolean b ? (b ? 1 : 0)
                : ((Number) raw).doubleValue();
            x.add((value - n.mean()) / n.std());
        }
        for (Categorical c : categorical) {
            Object raw = features.get(c.name());
            String value = raw == null ? "" : String.valueOf(raw);
            for (String level : c.levels()) {
                x.add(level.equals(value) ? 1.0 : 0.0);
            }
        }
        return x.stream().mapToDouble(Double::doubleValue).toArray();
    }

    // ---- the ONNX graph ------------------------------------------------------------------------------------

    /** The serialised ModelProto (ir 7, ai.onnx 13, ai.onnx.ml 2). */
    public byte[] onnx() {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("meridian_test_pipeline");
        List<String> blocks = new ArrayList<>();
        for (Numeric n : numeric) {
            graph.addInput(valueInfo(n.name(), TensorProto.DataType.FLOAT, "N", 1));
            String x = n.name();
            if (n.optional()) {
                graph.addInitializer(floats(n.name() + "__fill", new long[] {1}, n.fill()));
                graph.addNode(node("IsNaN", new String[] {x}, n.name() + "__isnan"));
                graph.addNode(node("Where", new String[] {n.name() + "__isnan", n.name() + "__fill", x},
                    n.name() + "__imputed"));
                x = n.name() + "__imputed";
            }
            graph.addInitializer(floats(n.name() + "__mean", new long[] {1}, n.mean()));
            graph.addInitializer(floats(n.name() + "__std", new long[] {1}, n.std()));
            graph.addNode(node("Sub", new String[] {x, n.name() + "__mean"}, n.name() + "__centred"));
            graph.addNode(node("Div", new String[] {n.name() + "__centred", n.name() + "__std"}, n.name() + "__scaled"));
            blocks.add(n.name() + "__scaled");
        }
        for (Categorical c : categorical) {
            graph.addInput(valueInfo(c.name(), TensorProto.DataType.STRING, "N", 1));
            NodeProto.Builder oneHot = node("OneHotEncoder", new String[] {c.name()}, c.name() + "__onehot3d")
                .setDomain("ai.onnx.ml").addAttribute(strings("cats_strings", c.levels()))
                .addAttribute(integer("zeros", 1));
            graph.addNode(oneHot);
            graph.addInitializer(int64s(c.name() + "__shape", -1, c.levels().size()));
            graph.addNode(node("Reshape", new String[] {c.name() + "__onehot3d", c.name() + "__shape"},
                c.name() + "__onehot"));
            blocks.add(c.name() + "__onehot");
        }
        graph.addNode(node("Concat", blocks.toArray(String[]::new), "encoded").addAttribute(integer("axis", 1)));
        int outputs = bias.length;
        float[] w = new float[weights.length * outputs];
        for (int j = 0; j < weights.length; j++) {
            for (int o = 0; o < outputs; o++) {
                w[j * outputs + o] = (float) weights[j][o];
            }
        }
        graph.addInitializer(floats("weights", new long[] {weights.length, outputs}, w));
        graph.addInitializer(floats("bias", new long[] {outputs}, bias));
        graph.addNode(node("MatMul", new String[] {"encoded", "weights"}, "product"));
        String linear = task == Task.REGRESSION ? "value" : "logits";
        graph.addNode(node("Add", new String[] {"product", "bias"}, linear));
        switch (task) {
            case REGRESSION -> graph.addOutput(valueInfo("value", TensorProto.DataType.FLOAT, "N", 1));
            case BINARY -> {
                int positive = classes.indexOf(positiveClass);
                graph.addNode(node("Sigmoid", new String[] {"logits"}, "p_positive"));
                graph.addInitializer(floats("one", new long[] {1}, 1.0));
                graph.addNode(node("Sub", new String[] {"one", "p_positive"}, "p_negative"));
                graph.addNode(node("Concat", positive == 1 ? new String[] {"p_negative", "p_positive"}
                    : new String[] {"p_positive", "p_negative"}, "probabilities").addAttribute(integer("axis", 1)));
                graph.addInitializer(floats("threshold", new long[] {1}, threshold));
                graph.addNode(node("GreaterOrEqual", new String[] {"p_positive", "threshold"}, "is_positive"));
                graph.addNode(node("Cast", new String[] {"is_positive"}, "positive_flag")
                    .addAttribute(integer("to", TensorProto.DataType.INT64_VALUE)));
                graph.addInitializer(int64s("flat", -1));
                graph.addNode(node("Reshape", new String[] {"positive_flag", "flat"}, "label_index"));
                graph.addNode(labelEncoder(List.of(classes.get(1 - positive), positiveClass)));
                addClassifierOutputs(graph);
            }
            case MULTICLASS -> {
                graph.addNode(node("Softmax", new String[] {"logits"}, "probabilities")
                    .addAttribute(integer("axis", 1)));
                graph.addNode(node("ArgMax", new String[] {"probabilities"}, "label_index")
                    .addAttribute(integer("axis", 1)).addAttribute(integer("keepdims", 0)));
                graph.addNode(labelEncoder(classes));
                addClassifierOutputs(graph);
            }
        }
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("meridian-inference-test")
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
            .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(2))
            .setGraph(graph).build().toByteArray();
    }

    private void addClassifierOutputs(GraphProto.Builder graph) {
        graph.addOutput(ValueInfoProto.newBuilder().setName("label").setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.STRING_VALUE)
                .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder()
                    .setDimParam("N"))))));
        graph.addOutput(valueInfo("probabilities", TensorProto.DataType.FLOAT, "N", classes.size()));
    }

    /** int64 index [N] -> class label [N]. */
    private static NodeProto.Builder labelEncoder(List<String> labels) {
        AttributeProto.Builder keys = AttributeProto.newBuilder().setName("keys_int64s").setType(AttributeType.INTS);
        for (int i = 0; i < labels.size(); i++) {
            keys.addInts(i);
        }
        return node("LabelEncoder", new String[] {"label_index"}, "label").setDomain("ai.onnx.ml")
            .addAttribute(keys).addAttribute(strings("values_strings", labels))
            .addAttribute(AttributeProto.newBuilder().setName("default_string").setType(AttributeType.STRING)
                .setS(ByteString.copyFromUtf8("")));
    }

    private static NodeProto.Builder node(String op, String[] inputs, String output) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addOutput(output);
        for (String input : inputs) {
            node.addInput(input);
        }
        return node;
    }

    private static AttributeProto integer(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeType.INT).setI(value).build();
    }

    private static AttributeProto strings(String name, List<String> values) {
        AttributeProto.Builder attribute = AttributeProto.newBuilder().setName(name).setType(AttributeType.STRINGS);
        values.forEach(v -> attribute.addStrings(ByteString.copyFrom(v, StandardCharsets.UTF_8)));
        return attribute.build();
    }

    private static TensorProto floats(String name, long[] dims, double... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (double value : values) {
            tensor.addFloatData((float) value);
        }
        return tensor.build();
    }

    private static TensorProto floats(String name, long[] dims, float[] values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
            .setDataType(TensorProto.DataType.FLOAT_VALUE);
        for (long dim : dims) {
            tensor.addDims(dim);
        }
        for (float value : values) {
            tensor.addFloatData(value);
        }
        return tensor.build();
    }

    private static TensorProto int64s(String name, long... values) {
        TensorProto.Builder tensor = TensorProto.newBuilder().setName(name)
            .setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long value : values) {
            tensor.addInt64Data(value);
        }
        return tensor.build();
    }

    private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, String batch, long columns) {
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
            .setTensorType(TypeProto.Tensor.newBuilder().setElemType(type.getNumber())
                .setShape(TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(batch))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(columns)))))
            .build();
    }

    private static double[][] column(double[] weights) {
        double[][] column = new double[weights.length][1];
        for (int j = 0; j < weights.length; j++) {
            column[j][0] = weights[j];
        }
        return column;
    }
}
