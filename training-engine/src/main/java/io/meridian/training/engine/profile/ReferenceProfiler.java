package io.meridian.training.engine.profile;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import io.meridian.training.engine.EngineResult.FeatureProfile;
import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;

/**
 * The training distribution of every raw feature, kept with the model as the reference for drift detection.
 *
 * <p>Numeric: the 0, 0.1, ..., 1 quantiles (linear interpolation between order statistics, as numpy's default),
 * a {@value #BINS}-bin equal-width histogram over [min, max] (the last bin closed; a constant feature gets the
 * bin edges min - 0.5 .. min + 0.5), mean and population standard deviation of the non-missing values.
 * Categorical: the share of each category among non-missing values, by name. Both count missing values. A
 * feature with no value at all has empty quantiles and histogram and NaN mean and standard deviation.
 */
public final class ReferenceProfiler {
    public static final int BINS = 10;
    public static final int QUANTILES = 11;

    private ReferenceProfiler() {
    }

    /** The profile of every column of the frame, in column order. */
    public static Map<String, FeatureProfile> profile(Frame frame) {
        Map<String, FeatureProfile> out = new LinkedHashMap<>();
        for (FeatureColumn column : frame.columns()) {
            out.put(column.name(), column.kind() == FeatureKind.NUMERIC ? numeric(frame.numeric(column.name()))
                : categorical(frame.categorical(column.name())));
        }
        return out;
    }

    static FeatureProfile numeric(double[] values) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        long missing = values.length - sorted.length;
        int n = sorted.length;
        if (n == 0) {
            return new FeatureProfile(FeatureKind.NUMERIC, 0, missing, new double[0], new double[0], new long[0],
                Map.of(), Double.NaN, Double.NaN);
        }
        double[] quantiles = new double[QUANTILES];
        for (int q = 0; q < QUANTILES; q++) {
            double position = q / (double) (QUANTILES - 1) * (n - 1);
            int lo = (int) Math.floor(position);
            int hi = Math.min(n - 1, lo + 1);
            quantiles[q] = sorted[lo] + (position - lo) * (sorted[hi] - sorted[lo]);
        }
        double min = sorted[0];
        double max = sorted[n - 1];
        double lowEdge = min == max ? min - 0.5 : min;
        double highEdge = min == max ? max + 0.5 : max;
        double[] edges = new double[BINS + 1];
        for (int b = 0; b <= BINS; b++) {
            edges[b] = lowEdge + (highEdge - lowEdge) * b / BINS;
        }
        edges[BINS] = highEdge;
        long[] counts = new long[BINS];
        double mean = 0;
        for (double v : sorted) {
            int bin = (int) Math.floor((v - lowEdge) / (highEdge - lowEdge) * BINS);
            counts[Math.max(0, Math.min(BINS - 1, bin))]++;
            mean += v;
        }
        mean /= n;
        double ss = 0;
        for (double v : sorted) {
            ss += (v - mean) * (v - mean);
        }
        return new FeatureProfile(FeatureKind.NUMERIC, n, missing, quantiles, edges, counts, Map.of(), mean,
            Math.sqrt(ss / n));
    }

    static FeatureProfile categorical(String[] values) {
        Map<String, Long> counts = new TreeMap<>();
        long missing = 0;
        for (String v : values) {
            if (v == null) {
                missing++;
            } else {
                counts.merge(v, 1L, Long::sum);
            }
        }
        long present = values.length - missing;
        Map<String, Double> shares = new LinkedHashMap<>();
        counts.forEach((k, c) -> shares.put(k, (double) c / present));
        return new FeatureProfile(FeatureKind.CATEGORICAL, present, missing, new double[0], new double[0],
            new long[0], shares, Double.NaN, Double.NaN);
    }
}
