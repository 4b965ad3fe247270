package io.meridian.training.engine;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.onnx.OnnxScorer;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.Preprocessor;

/**
 * Verifies an exported graph against the Java pipeline on up to {@value #MAX_ROWS} training rows (a seeded
 * sample when there are more): every output value within the tolerance (probabilities absolutely; a regression
 * value relative to its magnitude when that exceeds 1, since the graph's float32 output carries about seven
 * significant digits: a price of 500 cannot be written closer than 3e-5), and every label equal to the Java
 * label (the binary threshold applied, or the arg-max class) except where the Java decision itself is within
 * the tolerance of its boundary, where float rounding may legitimately flip it.
 */
final class ParityCheck {
    static final int MAX_ROWS = 2000;

    /** The outcome: the largest difference (absolute, or relative for large regression values) and the rows. */
    record Result(double maxAbsDiff, int rows) {
    }

    private ParityCheck() {
    }

    static int[] sample(int rows, long seed) {
        if (rows <= MAX_ROWS) {
            int[] all = new int[rows];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] order = new int[rows];
        Arrays.setAll(order, i -> i);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < MAX_ROWS; i++) {
            int j = i + random.nextInt(rows - i);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int[] out = Arrays.copyOf(order, MAX_ROWS);
        Arrays.sort(out);
        return out;
    }

    static Result check(OnnxScorer scorer, byte[] onnx, FittedPreprocessor preprocessor, TrainedModel model,
                        Frame rows, double threshold, int positive, double tolerance) {
        double[][] java = model.predict(Preprocessor.transform(preprocessor, rows));
        double[][] ort = scorer.score(onnx, rows);
        if (ort.length != java.length) {
            throw new TrainingException(null, "ONNX parity check failed: the graph returned " + ort.length
                + " rows for " + java.length);
        }
        double max = 0;
        for (int i = 0; i < java.length; i++) {
            if (ort[i].length != java[i].length) {
                throw new TrainingException(null, "ONNX parity check failed: the graph returned " + ort[i].length
                    + " outputs per row, the Java model " + java[i].length);
            }
            for (int j = 0; j < java[i].length; j++) {
                double diff = Math.abs(ort[i][j] - java[i][j]);
                if (model.task() == Task.REGRESSION) {
                    diff /= Math.max(1, Math.abs(java[i][j]));
                }
                if (Double.isNaN(diff)) {
                    diff = Double.POSITIVE_INFINITY;
                }
                max = Math.max(max, diff);
            }
        }
        if (max > tolerance) {
            throw new TrainingException(null, String.format(Locale.ROOT, "ONNX parity check failed: max |ONNX - "
                + "Java|%s = %.3g over %d rows exceeds the tolerance %.3g",
                model.task() == Task.REGRESSION ? " / max(1, |Java|)" : "", max, java.length, tolerance));
        }
        if (model.task() != Task.REGRESSION) {
            checkLabels(scorer.labels(onnx, rows), java, model, threshold, positive, tolerance);
        }
        return new Result(max, java.length);
    }

    private static void checkLabels(String[] labels, double[][] java, TrainedModel model, double threshold,
                                    int positive, double tolerance) {
        if (labels.length != java.length) {
            throw new TrainingException(null, "ONNX parity check failed: the graph returned " + labels.length
                + " labels for " + java.length + " rows");
        }
        int mismatches = 0;
        String first = null;
        for (int i = 0; i < java.length; i++) {
            double[] p = java[i];
            int expected;
            boolean nearBoundary;
            if (model.task() == Task.BINARY) {
                expected = p[positive] >= threshold ? positive : 1 - positive;
                nearBoundary = Math.abs(p[positive] - threshold) <= tolerance;
            } else {
                expected = 0;
                for (int c = 1; c < p.length; c++) {
                    if (p[c] > p[expected]) {
                        expected = c;
                    }
                }
                double second = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < p.length; c++) {
                    if (c != expected) {
                        second = Math.max(second, p[c]);
                    }
                }
                nearBoundary = p[expected] - second <= 2 * tolerance;
            }
            String javaLabel = model.classes().get(expected);
            if (!javaLabel.equals(labels[i]) && !nearBoundary) {
                mismatches++;
                if (first == null) {
                    first = "row " + (i + 1) + ": ONNX '" + labels[i] + "', Java '" + javaLabel + "'";
                }
            }
        }
        if (mismatches > 0) {
            throw new TrainingException(null, "ONNX parity check failed: " + mismatches + " of " + java.length
                + " labels differ from the Java pipeline with threshold " + threshold + " (first: " + first + ")");
        }
    }
}
