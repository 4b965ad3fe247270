package io.meridian.training.engine.metrics;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mean and standard deviation of each metric over folds. The standard deviation is the population one
 * (divisor n, as {@code numpy.std} of cross-validation scores); a metric that is NaN in some fold (e.g. ROC-AUC
 * of a fold without positives) is summarised over the folds where it is defined, and is NaN when it is defined
 * in none.
 */
public final class FoldSummary {
    private FoldSummary() {
    }

    public static Map<String, Double> mean(List<Map<String, Double>> folds) {
        return summarise(folds, false);
    }

    public static Map<String, Double> std(List<Map<String, Double>> folds) {
        return summarise(folds, true);
    }

    private static Map<String, Double> summarise(List<Map<String, Double>> folds, boolean std) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (folds.isEmpty()) {
            return out;
        }
        for (String name : folds.get(0).keySet()) {
            double sum = 0;
            int n = 0;
            for (Map<String, Double> fold : folds) {
                Double v = fold.get(name);
                if (v != null && !v.isNaN()) {
                    sum += v;
                    n++;
                }
            }
            if (n == 0) {
                out.put(name, Double.NaN);
                continue;
            }
            double mean = sum / n;
            if (!std) {
                out.put(name, mean);
                continue;
            }
            double ss = 0;
            for (Map<String, Double> fold : folds) {
                Double v = fold.get(name);
                if (v != null && !v.isNaN()) {
                    ss += (v - mean) * (v - mean);
                }
            }
            out.put(name, Math.sqrt(ss / n));
        }
        return out;
    }

    /** Whether higher values of the metric are better (false for log_loss, rmse, mae, mape). */
    public static boolean higherIsBetter(String metric) {
        return switch (metric) {
            case "log_loss", "rmse", "mae", "mape" -> false;
            default -> true;
        };
    }
}
