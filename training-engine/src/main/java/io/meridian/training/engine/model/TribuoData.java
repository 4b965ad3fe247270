package io.meridian.training.engine.model;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.tribuo.Example;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;

/** Converts the preprocessed matrix to Tribuo examples: named columns, values rounded to float. */
final class TribuoData {
    private TribuoData() {
    }

    static String[] names(List<String> inputNames, int[] used) {
        String[] names = new String[used.length];
        for (int k = 0; k < used.length; k++) {
            names[k] = inputNames.get(used[k]);
        }
        return names;
    }

    /** Checks the matrix shape, finite values and distinct column names; the message names the column at fault. */
    static void check(double[][] x, List<String> inputNames) {
        Set<String> seen = new HashSet<>();
        for (String name : inputNames) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("duplicate model input column '" + name + "'");
            }
        }
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != inputNames.size()) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, expected "
                    + inputNames.size() + " (one per model input column)");
            }
            for (int j = 0; j < x[i].length; j++) {
                if (!Double.isFinite(x[i][j]) || !Float.isFinite((float) x[i][j])) {
                    throw new IllegalArgumentException("model input column '" + inputNames.get(j) + "' has the "
                        + "non-finite value " + x[i][j] + " at row " + i + " (impute missing values first)");
                }
            }
        }
    }

    static <T extends Output<T>> MutableDataset<T> dataset(double[][] x, String[] names, int[] used, List<T> outputs,
                                                           double[] weights, OutputFactory<T> factory) {
        MutableDataset<T> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("meridian training rows",
            factory), factory);
        for (int i = 0; i < x.length; i++) {
            ArrayExample<T> example = new ArrayExample<>(outputs.get(i), names, row(x[i], used));
            if (weights != null) {
                example.setWeight((float) weights[i]);
            }
            dataset.add(example);
        }
        return dataset;
    }

    static <T extends Output<T>> List<Example<T>> examples(double[][] x, int width, String[] names, int[] used,
                                                           T unknown) {
        List<Example<T>> out = new ArrayList<>(x.length);
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + x[i].length + " values, expected " + width);
            }
            out.add(new ArrayExample<>(unknown, names, row(x[i], used)));
        }
        return out;
    }

    /** The used columns of a row, rounded to float as the ONNX graph sees them. */
    static double[] row(double[] values, int[] used) {
        double[] out = new double[used.length];
        for (int k = 0; k < used.length; k++) {
            out[k] = (float) values[used[k]];
        }
        return out;
    }
}
