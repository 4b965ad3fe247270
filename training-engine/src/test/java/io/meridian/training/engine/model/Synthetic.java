package io.meridian.training.engine.model;

import java.util.List;
import java.util.Random;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/** Seeded preprocessed matrices with a known signal, for the algorithm tests. */
public final class Synthetic {
    /** A matrix, its column names and its target. */
    public record Data(double[][] x, List<String> names, Target target) {
        public Data head(int n) {
            int[] idx = java.util.stream.IntStream.range(0, n).toArray();
            return new Data(java.util.Arrays.copyOf(x, n), names, target.rows(idx));
        }

        public Data tail(int from) {
            int[] idx = java.util.stream.IntStream.range(from, x.length).toArray();
            return new Data(java.util.Arrays.copyOfRange(x, from, x.length), names, target.rows(idx));
        }
    }

    private Synthetic() {
    }

    private static double[][] gaussian(Random random, int rows, int cols) {
        double[][] x = new double[rows][cols];
        for (double[] row : x) {
            for (int j = 0; j < cols; j++) {
                row[j] = random.nextGaussian();
            }
        }
        return x;
    }

    private static List<String> names(int cols) {
        return java.util.stream.IntStream.range(0, cols).mapToObj(j -> "x" + j).toList();
    }

    /** Binary: P(yes) = sigmoid(2 x0 - x1 + 0.5 x2); x3, x4 are noise. Classes [no, yes], positive "yes". */
    public static Data binary(int rows, long seed) {
        Random random = new Random(seed);
        double[][] x = gaussian(random, rows, 5);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double logit = 2 * x[i][0] - x[i][1] + 0.5 * x[i][2];
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
        }
        return new Data(x, names(5), Target.classification(Task.BINARY, List.of("no", "yes"), y, 1));
    }

    /** Binary XOR: yes when x0 and x1 have the same sign (no linear signal at all); x2, x3 are noise. */
    public static Data xor(int rows, long seed) {
        Random random = new Random(seed);
        double[][] x = gaussian(random, rows, 4);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = x[i][0] * x[i][1] > 0 ? 1 : 0;
        }
        return new Data(x, names(4), Target.classification(Task.BINARY, List.of("no", "yes"), y, 1));
    }

    /** Three classes by the arg-max of (x0, x1, -x0 - x1) plus a little noise; x2, x3 are noise. */
    public static Data multiclass(int rows, long seed) {
        Random random = new Random(seed);
        double[][] x = gaussian(random, rows, 4);
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            double[] s = {2 * x[i][0], 2 * x[i][1], -2 * x[i][0] - 2 * x[i][1]};
            int best = 0;
            for (int k = 1; k < 3; k++) {
                if (s[k] + 0.3 * random.nextGaussian() > s[best]) {
                    best = k;
                }
            }
            y[i] = best;
        }
        return new Data(x, names(4), Target.classification(Task.MULTICLASS, List.of("a", "b", "c"), y, -1));
    }

    /** Regression: y = 3 x0 - 2 x1 + 0.5 x0 x2 + noise(0.3) + 10; x3 is noise. */
    public static Data regression(int rows, long seed) {
        Random random = new Random(seed);
        double[][] x = gaussian(random, rows, 4);
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = 3 * x[i][0] - 2 * x[i][1] + 0.5 * x[i][0] * x[i][2] + 0.3 * random.nextGaussian() + 10;
        }
        return new Data(x, names(4), Target.regression(y));
    }

    public static double accuracy(double[][] probabilities, Target target) {
        int correct = 0;
        for (int i = 0; i < probabilities.length; i++) {
            int best = 0;
            for (int k = 1; k < probabilities[i].length; k++) {
                if (probabilities[i][k] > probabilities[i][best]) {
                    best = k;
                }
            }
            correct += best == target.classIndex()[i] ? 1 : 0;
        }
        return correct / (double) probabilities.length;
    }

    public static double r2(double[][] predicted, Target target) {
        double[] y = target.values();
        double mean = java.util.Arrays.stream(y).average().orElse(0);
        double ssRes = 0;
        double ssTot = 0;
        for (int i = 0; i < y.length; i++) {
            ssRes += (y[i] - predicted[i][0]) * (y[i] - predicted[i][0]);
            ssTot += (y[i] - mean) * (y[i] - mean);
        }
        return 1 - ssRes / ssTot;
    }
}
