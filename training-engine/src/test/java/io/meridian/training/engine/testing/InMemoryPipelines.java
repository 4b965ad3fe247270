package io.meridian.training.engine.testing;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.onnx.ExportOptions;
import io.meridian.training.engine.onnx.OnnxScorer;
import io.meridian.training.engine.onnx.PipelineExporter;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.Preprocessor;

/**
 * A test double standing in for the ONNX exporter and ONNX Runtime scorer, which live in another part of the
 * engine: "export" keeps the pipeline in memory under an id (the returned bytes), "scoring" re-runs the Java
 * pipeline, optionally with a perturbation or flipped labels, so the engine's parity check can be tested in
 * both directions. It never claims to produce ONNX.
 */
public final class InMemoryPipelines implements PipelineExporter, OnnxScorer {
    private record Stored(FittedPreprocessor preprocessor, TrainedModel model, ExportOptions options) {
    }

    private final Map<String, Stored> stored = new ConcurrentHashMap<>();
    private volatile double perturbation;
    private volatile boolean flipLabels;
    private volatile ExportOptions lastOptions;

    /** Adds this to every scored output (simulates an export that drifted). */
    public InMemoryPipelines perturb(double delta) {
        this.perturbation = delta;
        return this;
    }

    /** Returns the other class as label for every row (simulates a wrong threshold in the graph). */
    public InMemoryPipelines flipLabels() {
        this.flipLabels = true;
        return this;
    }

    public ExportOptions lastOptions() {
        return lastOptions;
    }

    @Override
    public byte[] export(FittedPreprocessor preprocessor, TrainedModel model, ExportOptions options) {
        String id = UUID.randomUUID().toString();
        stored.put(id, new Stored(preprocessor, model, options));
        lastOptions = options;
        return id.getBytes(StandardCharsets.UTF_8);
    }

    private Stored get(byte[] onnx) {
        Stored s = stored.get(new String(onnx, StandardCharsets.UTF_8));
        if (s == null) {
            throw new IllegalArgumentException("unknown pipeline");
        }
        return s;
    }

    @Override
    public double[][] score(byte[] onnx, Frame rows) {
        Stored s = get(onnx);
        double[][] out = s.model().predict(Preprocessor.transform(s.preprocessor(), rows));
        for (double[] row : out) {
            for (int j = 0; j < row.length; j++) {
                row[j] += perturbation;
            }
        }
        return out;
    }

    @Override
    public String[] labels(byte[] onnx, Frame rows) {
        Stored s = get(onnx);
        double[][] p = s.model().predict(Preprocessor.transform(s.preprocessor(), rows));
        String[] out = new String[p.length];
        for (int i = 0; i < p.length; i++) {
            int label;
            if (s.model().task() == Task.BINARY) {
                // the positive class is the one whose name the engine wrote into the metadata
                int positive = s.model().classes().indexOf(s.options().metadata().get("meridian.positive_class"));
                label = p[i][positive] >= s.options().threshold() ? positive : 1 - positive;
                if (flipLabels) {
                    label = 1 - label;
                }
            } else {
                label = 0;
                for (int c = 1; c < p[i].length; c++) {
                    if (p[i][c] > p[i][label]) {
                        label = c;
                    }
                }
            }
            out[i] = s.model().classes().get(label);
        }
        return out;
    }
}
