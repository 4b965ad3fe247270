package io.meridian.training.engine.onnx;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
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

import io.meridian.training.engine.data.Frame;

/**
 * Scores raw rows with ONNX Runtime. Each graph input is fed from the frame column of the same name, shape
 * [N, 1]: numeric columns as float (NaN stays NaN, i.e. missing), categorical columns as strings (a missing
 * value, null, is sent as the empty string). The last graph's session is kept (keyed by the bytes) and closed by
 * {@link #close()}; calls are serialised.
 */
public final class OrtScorer implements OnnxScorer, AutoCloseable {
    private final OrtEnvironment environment;
    private byte[] cachedModel;
    private OrtSession cachedSession;

    public OrtScorer() {
        this(OrtEnvironment.getEnvironment());
    }

    public OrtScorer(OrtEnvironment environment) {
        this.environment = environment;
    }

    @Override
    public synchronized double[][] score(byte[] onnx, Frame rows) {
        OrtSession session = session(onnx);
        String output = session.getOutputNames().contains(PipelineExporter.PROBABILITIES)
            ? PipelineExporter.PROBABILITIES : PipelineExporter.VALUE;
        if (!session.getOutputNames().contains(output)) {
            throw new IllegalArgumentException("the graph has neither a '" + PipelineExporter.PROBABILITIES
                + "' nor a '" + PipelineExporter.VALUE + "' output");
        }
        if (rows.rows() == 0) {
            return new double[0][];
        }
        float[][] values = (float[][]) run(session, rows, output);
        double[][] out = new double[values.length][];
        for (int i = 0; i < values.length; i++) {
            out[i] = new double[values[i].length];
            for (int k = 0; k < values[i].length; k++) {
                out[i][k] = values[i][k];
            }
        }
        return out;
    }

    @Override
    public synchronized String[] labels(byte[] onnx, Frame rows) {
        OrtSession session = session(onnx);
        if (!session.getOutputNames().contains(PipelineExporter.LABEL)) {
            throw new IllegalArgumentException("the graph has no '" + PipelineExporter.LABEL
                + "' output (a regression graph has no labels)");
        }
        if (rows.rows() == 0) {
            return new String[0];
        }
        return (String[]) run(session, rows, PipelineExporter.LABEL);
    }

    private Object run(OrtSession session, Frame rows, String output) {
        Map<String, OnnxTensor> inputs = new LinkedHashMap<>();
        try {
            for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
                inputs.put(e.getKey(), tensor(e.getKey(), (TensorInfo) e.getValue().getInfo(), rows));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                OnnxValue value = result.get(output).orElseThrow();
                return value.getValue();
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime could not run the graph: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor tensor(String name, TensorInfo info, Frame rows) throws OrtException {
        if (!rows.has(name)) {
            throw new IllegalArgumentException("the rows have no column '" + name + "', an input of the graph");
        }
        long[] shape = {rows.rows(), 1};
        if (info.type == OnnxJavaType.STRING) {
            String[] values = rows.categorical(name);
            String[] copy = new String[values.length];
            for (int i = 0; i < values.length; i++) {
                copy[i] = values[i] == null ? "" : values[i];
            }
            return OnnxTensor.createTensor(environment, copy, shape);
        }
        if (info.type == OnnxJavaType.FLOAT) {
            double[] values = rows.numeric(name);
            FloatBuffer buffer = FloatBuffer.allocate(values.length);
            for (double v : values) {
                buffer.put((float) v);
            }
            buffer.flip();
            return OnnxTensor.createTensor(environment, buffer, shape);
        }
        throw new IllegalArgumentException("graph input '" + name + "' has the unsupported type " + info.type);
    }

    private OrtSession session(byte[] onnx) {
        if (cachedSession != null && (cachedModel == onnx || Arrays.equals(cachedModel, onnx))) {
            return cachedSession;
        }
        close();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            cachedSession = environment.createSession(onnx, options);
        } catch (OrtException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the graph: " + e.getMessage(), e);
        }
        cachedModel = onnx.clone();
        return cachedSession;
    }

    @Override
    public synchronized void close() {
        if (cachedSession != null) {
            try {
                cachedSession.close();
            } catch (OrtException e) {
                throw new IllegalStateException("could not close the ONNX Runtime session: " + e.getMessage(), e);
            } finally {
                cachedSession = null;
                cachedModel = null;
            }
        }
    }
}
