package io.meridian.training.engine.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Regression metrics: {@code rmse}, {@code mae}, {@code r2} (1 - SS_res / SS_tot around the mean of the actual
 * values; NaN when they are constant) and {@code mape}, the mean of |actual - predicted| / |actual| as a
 * fraction (not a percentage) over the rows whose actual value is non-zero: rows with a zero target are skipped
 * (the ratio is undefined there); NaN when every target is zero.
 */
public final class RegressionMetrics {
    private RegressionMetrics() {
    }

    public static Map<String, Double> compute(double[] actual, double[] predicted) {
        int n = actual.length;
        double mean = 0;
        for (double a : actual) {
            mean += a;
        }
        mean /= n;
        double se = 0;
        double ae = 0;
        double tot = 0;
        double ape = 0;
        int nonZero = 0;
        for (int i = 0; i < n; i++) {
            double e = actual[i] - predicted[i];
            se += e * e;
            ae += Math.abs(e);
            tot += (actual[i] - mean) * (actual[i] - mean);
            if (actual[i] != 0) {
                ape += Math.abs(e) / Math.abs(actual[i]);
                nonZero++;
            }
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("rmse", Math.sqrt(se / n));
        out.put("mae", ae / n);
        out.put("r2", tot == 0 ? Double.NaN : 1 - se / tot);
        out.put("mape", nonZero == 0 ? Double.NaN : ape / nonZero);
        return out;
    }
}
