package io.meridian.inference;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;

/**
 * Builds real ONNX logistic-regression models (ModelProto, opset 13) the way training exports them: one input
 * {@code features} float32 [N, F], standardisation inside the graph ({@code (x - mean) / std}), then
 * {@code sigmoid(x W + b)} and an output {@code probabilities} float32 [N, 2] with columns [negative, positive].
 * Encoded directly with protobuf's wire format (field numbers of onnx.proto3), so the test needs no ONNX library.
 * The same arguments always give the same bytes.
 */
public final class OnnxModels {
    private static final int FLOAT = 1;
    private static final int ATTRIBUTE_INT = 2;

    private OnnxModels() {
    }

    public static byte[] logistic(float[] mean, float[] std, float[] weights, float bias) {
        int f = weights.length;
        Pb graph = new Pb()
            .msg(1, node("Sub", "standardise_centre", new String[] {"features", "mean"}, "centred"))
            .msg(1, node("Div", "standardise_scale", new String[] {"centred", "std"}, "scaled"))
            .msg(1, node("MatMul", "linear", new String[] {"scaled", "weights"}, "product"))
            .msg(1, node("Add", "bias", new String[] {"product", "bias"}, "logit"))
            .msg(1, node("Sigmoid", "sigmoid", new String[] {"logit"}, "positive"))
            .msg(1, node("Sub", "complement", new String[] {"one", "positive"}, "negative"))
            .msg(1, node("Concat", "columns", new String[] {"negative", "positive"}, "probabilities")
                .msg(5, new Pb().str(1, "axis").i64(3, 1).i32(20, ATTRIBUTE_INT)))
            .str(2, "logistic_regression")
            .msg(5, tensor("mean", mean, f))
            .msg(5, tensor("std", std, f))
            .msg(5, tensor("weights", weights, f, 1))
            .msg(5, tensor("bias", new float[] {bias}, 1))
            .msg(5, tensor("one", new float[] {1f}, 1))
            .msg(11, valueInfo("features", f))
            .msg(12, valueInfo("probabilities", 2));
        return new Pb()
            .i64(1, 7) // ir_version
            .str(2, "meridian-inference-test")
            .msg(7, graph)
            .msg(8, new Pb().str(1, "").i64(2, 13)) // opset_import
            .bytes();
    }

    /** What the model computes, in double precision (for sanity checks only; exact checks use ONNX Runtime). */
    public static double positiveProbability(float[] mean, float[] std, float[] weights, float bias, float[] x) {
        double z = bias;
        for (int i = 0; i < x.length; i++) {
            z += (x[i] - mean[i]) / std[i] * weights[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    private static Pb node(String op, String name, String[] inputs, String output) {
        Pb node = new Pb();
        for (String input : inputs) {
            node.str(1, input);
        }
        return node.str(2, output).str(3, name).str(4, op);
    }

    private static Pb tensor(String name, float[] values, long... dims) {
        Pb tensor = new Pb();
        for (long dim : dims) {
            tensor.i64(1, dim);
        }
        return tensor.i32(2, FLOAT).floats(4, values).str(8, name);
    }

    /** A float tensor [N, columns] with a symbolic batch dimension. */
    private static Pb valueInfo(String name, long columns) {
        Pb shape = new Pb().msg(1, new Pb().str(2, "N")).msg(1, new Pb().i64(1, columns));
        Pb tensorType = new Pb().i32(1, FLOAT).msg(2, shape);
        return new Pb().str(1, name).msg(2, new Pb().msg(1, tensorType));
    }

    /** A tiny protobuf message writer. */
    private static final class Pb {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final CodedOutputStream coded = CodedOutputStream.newInstance(out);

        Pb str(int field, String value) {
            return write(() -> coded.writeString(field, value));
        }

        Pb i64(int field, long value) {
            return write(() -> coded.writeInt64(field, value));
        }

        Pb i32(int field, int value) {
            return write(() -> coded.writeInt32(field, value));
        }

        Pb msg(int field, Pb message) {
            byte[] bytes = message.bytes();
            return write(() -> coded.writeByteArray(field, bytes));
        }

        Pb floats(int field, float[] values) {
            return write(() -> {
                coded.writeTag(field, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                coded.writeUInt32NoTag(values.length * 4);
                for (float value : values) {
                    coded.writeFloatNoTag(value);
                }
            });
        }

        byte[] bytes() {
            write(coded::flush);
            return out.toByteArray();
        }

        private Pb write(IoAction action) {
            try {
                action.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return this;
        }
    }

    @FunctionalInterface
    private interface IoAction {
        void run() throws IOException;
    }
}
