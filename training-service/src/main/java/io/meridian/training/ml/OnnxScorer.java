package io.meridian.training.ml;

import java.util.Map;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** Runs an exported model in ONNX Runtime; each call opens and closes its own session. */
public final class OnnxScorer {
    private final OrtEnvironment environment;

    public OnnxScorer(OrtEnvironment environment) {
        this.environment = environment;
    }

    /** P(positive) (column 1 of {@value OnnxExport#PROBABILITIES}) for each raw feature row. */
    public double[] positiveProbabilities(byte[] model, float[][] rows) {
        try (OrtSession session = environment.createSession(model);
             OnnxTensor input = OnnxTensor.createTensor(environment, rows);
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            float[][] probabilities = (float[][]) result.get(OnnxExport.PROBABILITIES)
                .orElseThrow(() -> new TrainingFailure("The exported ONNX model has no '"
                    + OnnxExport.PROBABILITIES + "' output."))
                .getValue();
            double[] positive = new double[probabilities.length];
            for (int i = 0; i < positive.length; i++) {
                positive[i] = probabilities[i][1];
            }
            return positive;
        } catch (OrtException e) {
            throw new TrainingFailure("ONNX Runtime could not run the exported model: " + e.getMessage(), e);
        }
    }
}
