package io.meridian.training.engine.onnx;

import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.FittedPreprocessor.CategoricalStep;
import io.meridian.training.engine.prep.FittedPreprocessor.NumericStep;

/**
 * A test-scope Java implementation of {@link FittedPreprocessor}'s documented transform (encode, scale, select,
 * PCA), used to feed the Java model in the parity tests. Raw numeric values are rounded to float first and a
 * missing categorical value is null or "", as the ONNX graph receives them.
 */
final class TestTransform {
    private TestTransform() {
    }

    static double[][] apply(FittedPreprocessor p, Frame frame) {
        int width = p.encodedNames().size();
        double[][] out = new double[frame.rows()][];
        for (int i = 0; i < frame.rows(); i++) {
            double[] encoded = new double[width];
            int j = 0;
            int numeric = 0;
            int categorical = 0;
            for (FeatureColumn input : p.inputs()) {
                if (input.kind() == FeatureKind.NUMERIC) {
                    NumericStep step = p.numeric().get(numeric++);
                    double raw = (float) frame.numeric(input.name())[i];
                    encoded[j++] = Double.isNaN(raw) ? step.fill() : raw;
                    if (step.missingIndicator()) {
                        encoded[j++] = Double.isNaN(raw) ? 1 : 0;
                    }
                } else {
                    CategoricalStep step = p.categorical().get(categorical++);
                    String raw = frame.categorical(input.name())[i];
                    if (raw == null || raw.isEmpty()) {
                        raw = step.fill();
                    }
                    for (String level : step.levels()) {
                        encoded[j++] = level.equals(raw) ? 1 : 0;
                    }
                }
            }
            for (int c = 0; c < width; c++) {
                encoded[c] = (encoded[c] - p.offset()[c]) * p.scale()[c];
            }
            double[] selected = new double[p.selected().length];
            for (int k = 0; k < selected.length; k++) {
                selected[k] = encoded[p.selected()[k]];
            }
            if (p.pca() == null) {
                out[i] = selected;
                continue;
            }
            double[][] components = p.pca().components();
            double[] z = new double[components.length];
            for (int k = 0; k < z.length; k++) {
                for (int s = 0; s < selected.length; s++) {
                    z[k] += (selected[s] - p.pca().mean()[s]) * components[k][s];
                }
            }
            out[i] = z;
        }
        return out;
    }
}
