package io.meridian.inference.service;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.meridian.data.v1.Value;
import io.meridian.inference.model.FeatureInput;
import io.meridian.inference.model.ModelSchema;
import io.meridian.inference.model.ModelSchema.Layout;
import io.meridian.inference.model.ModelTask;

/**
 * Feeds encoded rows to a model's ONNX session and reads its outputs according to its {@link ModelSchema}; also
 * checks, when a version is loaded, that the graph matches the schema and survives a warm-up run.
 */
final class GraphRunner {
    private GraphRunner() {
    }

    /**
     * What the graph returned for one row.
     *
     * @param score         binary: P(positive); multiclass: P(label); regression: the value
     * @param label         null for regression
     * @param probabilities class to probability in class order; empty for regression
     */
    record Output(double score, String label, Map<String, Double> probabilities) {
    }

    /**
     * Checks the graph's inputs and outputs against {@code schema}, then runs one warm-up row (numbers 0,
     * categories their first level) and checks the shape and range of what comes back.
     *
     * @throws IllegalStateException naming the input or output at fault
     */
    static void validate(OrtEnvironment env, OrtSession session, ModelSchema schema) throws OrtException {
        Map<String, NodeInfo> graphInputs = session.getInputInfo();
        if (schema.layout() == Layout.PACKED_FEATURES) {
            TensorInfo packed = tensor(graphInputs, schema.packedInput(), "input");
            long[] shape = packed.getShape();
            if (packed.type != OnnxJavaType.FLOAT || shape.length != 2
                    || (shape[1] > 0 && shape[1] != schema.inputs().size())) {
                throw new IllegalStateException("input '" + schema.packedInput() + "' is " + packed
                    + " but a float32 [N, " + schema.inputs().size() + "] tensor is expected for the "
                    + schema.inputs().size() + " registered inputs");
            }
        } else {
            for (FeatureInput input : schema.inputs()) {
                TensorInfo tensor = tensor(graphInputs, input.name(), "input");
                OnnxJavaType expected = input.categorical() ? OnnxJavaType.STRING : OnnxJavaType.FLOAT;
                long[] shape = tensor.getShape();
                if (tensor.type != expected || shape.length != 2 || (shape[1] > 0 && shape[1] != 1)) {
                    throw new IllegalStateException("input '" + input.name() + "' is registered as "
                        + input.type() + " but the graph declares " + tensor.type + " " + Arrays.toString(shape)
                        + "; expected " + expected + " [N, 1]");
                }
            }
            Set<String> unregistered = new LinkedHashSet<>(graphInputs.keySet());
            schema.inputs().forEach(input -> unregistered.remove(input.name()));
            if (!unregistered.isEmpty()) {
                throw new IllegalStateException("graph inputs " + unregistered + " are not registered inputs of the "
                    + "version, so no request could feed them");
            }
        }
        for (String output : outputs(schema)) {
            if (!session.getOutputNames().contains(output)) {
                throw new IllegalStateException("no output named '" + output + "' (outputs: "
                    + session.getOutputNames() + ")");
            }
        }
        Map<String, Value> warmUp = new HashMap<>();
        for (FeatureInput input : schema.inputs()) {
            warmUp.put(input.name(), input.categorical()
                ? Value.newBuilder().setStringValue(input.levels().isEmpty() ? "" : input.levels().get(0)).build()
                : Value.newBuilder().setDoubleValue(0).build());
        }
        FeatureEncoder.Encoded encoded = FeatureEncoder.encode(schema, "warm-up", List.of(warmUp),
            row -> "features.");
        Output output = run(env, session, schema, encoded).get(0);
        if (!Double.isFinite(output.score())) {
            throw new IllegalStateException("warm-up run returned a non-finite score " + output.score());
        }
    }

    /** Runs the rows through the session in one call; one {@link Output} per row, in row order. */
    static List<Output> run(OrtEnvironment env, OrtSession session, ModelSchema schema,
            FeatureEncoder.Encoded encoded) throws OrtException {
        Map<String, OnnxTensor> feeds = new LinkedHashMap<>();
        try {
            int n = encoded.rows();
            if (schema.layout() == Layout.PACKED_FEATURES) {
                int f = schema.inputs().size();
                float[] packed = new float[n * f];
                for (int c = 0; c < f; c++) {
                    float[] column = (float[]) encoded.columns().get(c);
                    for (int r = 0; r < n; r++) {
                        packed[r * f + c] = column[r];
                    }
                }
                feeds.put(schema.packedInput(), OnnxTensor.createTensor(env, FloatBuffer.wrap(packed),
                    new long[] {n, f}));
            } else {
                long[] shape = {n, 1};
                for (int c = 0; c < schema.inputs().size(); c++) {
                    Object column = encoded.columns().get(c);
                    feeds.put(schema.inputs().get(c).name(), column instanceof String[] strings
                        ? OnnxTensor.createTensor(env, strings, shape)
                        : OnnxTensor.createTensor(env, FloatBuffer.wrap((float[]) column), shape));
                }
            }
            try (OrtSession.Result result = session.run(feeds, new LinkedHashSet<>(outputs(schema)))) {
                return decode(schema, result, n);
            }
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private static List<Output> decode(ModelSchema schema, OrtSession.Result result, int n) throws OrtException {
        List<Output> outputs = new ArrayList<>(n);
        if (schema.task() == ModelTask.REGRESSION) {
            float[][] values = matrix(result, schema.valueOutput(), n, 1);
            for (float[] value : values) {
                outputs.add(new Output(value[0], null, Map.of()));
            }
            return outputs;
        }
        List<String> classes = schema.classes();
        float[][] probabilities = matrix(result, schema.probabilitiesOutput(), n, classes.size());
        String[] labels = schema.labelOutput() == null ? null : labels(result, schema.labelOutput(), n);
        int positive = schema.positiveClass() == null ? -1 : schema.classIndex(schema.positiveClass());
        for (int r = 0; r < n; r++) {
            Map<String, Double> byClass = new LinkedHashMap<>();
            for (int c = 0; c < classes.size(); c++) {
                byClass.put(classes.get(c), (double) probabilities[r][c]);
            }
            String label;
            if (labels != null) {
                label = labels[r];
            } else { // packed layout: the foundation's fixed 0.5 threshold on P(positive)
                label = probabilities[r][positive] >= schema.threshold() ? classes.get(positive)
                    : classes.get(1 - positive);
            }
            int labelIndex = schema.classIndex(label);
            if (labelIndex < 0) {
                throw new IllegalStateException("output '" + schema.labelOutput() + "' returned the label '" + label
                    + "', which is not in the registered class order " + classes);
            }
            double score = schema.task() == ModelTask.BINARY ? probabilities[r][positive] : probabilities[r][labelIndex];
            outputs.add(new Output(score, label, byClass));
        }
        return outputs;
    }

    private static List<String> outputs(ModelSchema schema) {
        List<String> names = new ArrayList<>();
        for (String name : new String[] {schema.labelOutput(), schema.probabilitiesOutput(), schema.valueOutput()}) {
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    private static TensorInfo tensor(Map<String, NodeInfo> nodes, String name, String kind) {
        NodeInfo node = nodes.get(name);
        if (node == null) {
            throw new IllegalStateException("the graph has no " + kind + " named '" + name + "' (" + kind + "s: "
                + nodes.keySet() + ")");
        }
        if (!(node.getInfo() instanceof TensorInfo tensor)) {
            throw new IllegalStateException(kind + " '" + name + "' is not a tensor: " + node.getInfo());
        }
        return tensor;
    }

    private static float[][] matrix(OrtSession.Result result, String name, int rows, int columns)
            throws OrtException {
        Object value = output(result, name).getValue();
        if (!(value instanceof float[][] matrix) || matrix.length != rows
                || (matrix.length > 0 && matrix[0].length != columns)) {
            throw new IllegalStateException("output '" + name + "' is not a float32 [" + rows + ", " + columns
                + "] tensor: " + output(result, name).getInfo());
        }
        return matrix;
    }

    private static String[] labels(OrtSession.Result result, String name, int rows) throws OrtException {
        Object value = output(result, name).getValue();
        if (value instanceof String[] labels && labels.length == rows) {
            return labels;
        }
        if (value instanceof String[][] column && column.length == rows && rows > 0 && column[0].length == 1) {
            String[] labels = new String[rows];
            for (int r = 0; r < rows; r++) {
                labels[r] = column[r][0];
            }
            return labels;
        }
        throw new IllegalStateException("output '" + name + "' is not a string [" + rows + "] tensor: "
            + output(result, name).getInfo());
    }

    private static OnnxValue output(OrtSession.Result result, String name) {
        return result.get(name).orElseThrow(() -> new IllegalStateException("missing output " + name));
    }
}
