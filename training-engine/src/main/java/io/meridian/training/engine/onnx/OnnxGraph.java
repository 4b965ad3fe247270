package io.meridian.training.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;

import com.google.protobuf.ByteString;

/** A small builder of ONNX graphs: nodes with fresh output names, typed initializers, inputs and outputs. */
final class OnnxGraph {
    static final String ML = "ai.onnx.ml";

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private int counter;

    GraphProto.Builder proto() {
        return graph;
    }

    String fresh(String prefix) {
        return prefix + "_" + (counter++);
    }

    /** Adds an ai.onnx node with one output and returns the output's name. */
    String op(String type, Map<String, Object> attributes, String... inputs) {
        return opIn("", type, attributes, inputs);
    }

    /** Adds a node of {@code domain} with one output and returns the output's name. */
    String opIn(String domain, String type, Map<String, Object> attributes, String... inputs) {
        String output = fresh(type.toLowerCase(java.util.Locale.ROOT));
        node(domain, type, attributes, List.of(inputs), List.of(output));
        return output;
    }

    void node(String domain, String type, Map<String, Object> attributes, List<String> inputs, List<String> outputs) {
        NodeProto.Builder node = NodeProto.newBuilder().setOpType(type).setDomain(domain)
            .setName(fresh("n_" + type)).addAllInput(inputs).addAllOutput(outputs);
        attributes.forEach((name, value) -> node.addAttribute(attribute(name, value)));
        graph.addNode(node);
    }

    void addNode(NodeProto node) {
        graph.addNode(node);
    }

    void addInitializer(TensorProto tensor) {
        graph.addInitializer(tensor);
    }

    String doubles(String prefix, double[] values, long... dims) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.DOUBLE_VALUE);
        Arrays.stream(dims).forEach(t::addDims);
        Arrays.stream(values).forEach(t::addDoubleData);
        graph.addInitializer(t);
        return name;
    }

    String floats(String prefix, float[] values, long... dims) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE);
        Arrays.stream(dims).forEach(t::addDims);
        for (float v : values) {
            t.addFloatData(v);
        }
        graph.addInitializer(t);
        return name;
    }

    String longs(String prefix, long[] values, long... dims) {
        String name = fresh(prefix);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64_VALUE);
        Arrays.stream(dims).forEach(t::addDims);
        Arrays.stream(values).forEach(t::addInt64Data);
        graph.addInitializer(t);
        return name;
    }

    void input(String name, TensorProto.DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    void output(String name, TensorProto.DataType type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    /** A tensor type; each dim is a Long/Integer (fixed) or a String (symbolic). */
    static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String symbolic) {
                d.setDimParam(symbolic);
            } else {
                d.setDimValue(((Number) dim).longValue());
            }
            shape.addDim(d);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    static AttributeProto attribute(String name, Object value) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name);
        if (value instanceof Integer || value instanceof Long) {
            a.setType(AttributeProto.AttributeType.INT).setI(((Number) value).longValue());
        } else if (value instanceof Float f) {
            a.setType(AttributeProto.AttributeType.FLOAT).setF(f);
        } else if (value instanceof String s) {
            a.setType(AttributeProto.AttributeType.STRING).setS(ByteString.copyFromUtf8(s));
        } else if (value instanceof long[] ints) {
            a.setType(AttributeProto.AttributeType.INTS);
            Arrays.stream(ints).forEach(a::addInts);
        } else if (value instanceof float[] floats) {
            a.setType(AttributeProto.AttributeType.FLOATS);
            for (float f : floats) {
                a.addFloats(f);
            }
        } else if (value instanceof String[] strings) {
            a.setType(AttributeProto.AttributeType.STRINGS);
            for (String s : strings) {
                a.addStrings(ByteString.copyFromUtf8(s));
            }
        } else {
            throw new IllegalArgumentException("unsupported attribute " + name + " of " + value.getClass());
        }
        return a.build();
    }

    static long[] toLongs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    static float[] toFloats(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    static List<Long> newLongs() {
        return new ArrayList<>();
    }
}
