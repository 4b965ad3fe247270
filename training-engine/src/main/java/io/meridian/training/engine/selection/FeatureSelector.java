package io.meridian.training.engine.selection;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.prep.PreprocessingSpec.SelectionSpec;
import io.meridian.training.engine.prep.SelectionSupport;

/**
 * Feature selection on the encoded, scaled training matrix, fitted on the rows it is given only. Steps run in
 * this order, each on the columns the previous step kept:
 * <ol>
 *   <li>variance threshold: drop a column whose variance (divisor n) is at most the threshold;</li>
 *   <li>correlation: for each pair of kept columns i &lt; j with |Pearson r| above the threshold, drop j (the
 *       later one); a dropped column no longer removes others;</li>
 *   <li>recursive elimination: fit a model through {@link SelectionSupport}, drop the least important columns
 *       (10% of the remaining, at least one, never below the target; the later column first on ties) and refit,
 *       until the target count remains.</li>
 * </ol>
 */
public final class FeatureSelector {
    private FeatureSelector() {
    }

    /**
     * The outcome.
     *
     * @param kept ascending indices of the kept columns
     * @param dropped dropped column name → the reason, in the order they were dropped
     */
    public record Selection(int[] kept, Map<String, String> dropped) {
    }

    /**
     * Selects columns.
     *
     * @param spec the steps
     * @param x the training matrix, rows × columns
     * @param names column names
     * @param target labels of the rows (for recursive elimination)
     * @param support the model behind recursive elimination
     */
    public static Selection select(SelectionSpec spec, double[][] x, List<String> names, Target target,
                                   SelectionSupport support) {
        int width = names.size();
        List<Integer> kept = new ArrayList<>();
        Map<String, String> dropped = new LinkedHashMap<>();
        double[] mean = new double[width];
        double[] var = new double[width];
        moments(x, mean, var);
        for (int j = 0; j < width; j++) {
            if (spec.varianceThreshold() >= 0 && var[j] <= spec.varianceThreshold()) {
                dropped.put(names.get(j), String.format(Locale.ROOT, "near-constant: variance %.6g <= %.6g",
                    var[j], spec.varianceThreshold()));
            } else {
                kept.add(j);
            }
        }
        double t = spec.correlationThreshold();
        if (t > 0 && t < 1) {
            kept = dropCorrelated(x, names, kept, mean, var, t, dropped);
        }
        if (spec.recursiveElimination() > 0 && kept.size() > spec.recursiveElimination()) {
            kept = eliminate(x, names, kept, target, support, spec.recursiveElimination(), dropped);
        }
        return new Selection(kept.stream().mapToInt(Integer::intValue).toArray(), dropped);
    }

    private static void moments(double[][] x, double[] mean, double[] var) {
        int n = x.length;
        for (double[] row : x) {
            for (int j = 0; j < mean.length; j++) {
                mean[j] += row[j];
            }
        }
        for (int j = 0; j < mean.length; j++) {
            mean[j] /= n;
        }
        for (double[] row : x) {
            for (int j = 0; j < var.length; j++) {
                double d = row[j] - mean[j];
                var[j] += d * d;
            }
        }
        for (int j = 0; j < var.length; j++) {
            var[j] /= n;
        }
    }

    private static List<Integer> dropCorrelated(double[][] x, List<String> names, List<Integer> candidates,
                                                double[] mean, double[] var, double threshold,
                                                Map<String, String> dropped) {
        int m = candidates.size();
        double[][] cov = new double[m][m];
        for (double[] row : x) {
            for (int a = 0; a < m; a++) {
                double da = row[candidates.get(a)] - mean[candidates.get(a)];
                if (da == 0) {
                    continue;
                }
                for (int b = a + 1; b < m; b++) {
                    cov[a][b] += da * (row[candidates.get(b)] - mean[candidates.get(b)]);
                }
            }
        }
        boolean[] gone = new boolean[m];
        int n = x.length;
        for (int a = 0; a < m; a++) {
            if (gone[a]) {
                continue;
            }
            for (int b = a + 1; b < m; b++) {
                if (gone[b]) {
                    continue;
                }
                double va = var[candidates.get(a)];
                double vb = var[candidates.get(b)];
                if (va <= 0 || vb <= 0) {
                    continue;
                }
                double r = cov[a][b] / n / Math.sqrt(va * vb);
                if (Math.abs(r) > threshold) {
                    gone[b] = true;
                    dropped.put(names.get(candidates.get(b)), String.format(Locale.ROOT,
                        "correlated with '%s': |r| = %.4f > %.4f", names.get(candidates.get(a)), Math.abs(r),
                        threshold));
                }
            }
        }
        List<Integer> kept = new ArrayList<>();
        for (int a = 0; a < m; a++) {
            if (!gone[a]) {
                kept.add(candidates.get(a));
            }
        }
        return kept;
    }

    private static List<Integer> eliminate(double[][] x, List<String> names, List<Integer> start, Target target,
                                           SelectionSupport support, int keep, Map<String, String> dropped) {
        List<Integer> kept = new ArrayList<>(start);
        while (kept.size() > keep) {
            double[][] sub = new double[x.length][kept.size()];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < kept.size(); j++) {
                    sub[i][j] = x[i][kept.get(j)];
                }
            }
            List<String> subNames = kept.stream().map(names::get).toList();
            double[] importance = support.importance(sub, subNames, target);
            if (importance.length != kept.size()) {
                throw new IllegalStateException("importance has " + importance.length + " entries for "
                    + kept.size() + " columns");
            }
            int step = Math.min(kept.size() - keep, Math.max(1, (int) Math.floor(kept.size() * 0.1)));
            Integer[] order = new Integer[kept.size()];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            // least important first; on ties the later column first
            java.util.Arrays.sort(order, (p, q) -> {
                int c = Double.compare(importance[p], importance[q]);
                return c != 0 ? c : Integer.compare(q, p);
            });
            boolean[] remove = new boolean[kept.size()];
            for (int s = 0; s < step; s++) {
                remove[order[s]] = true;
                dropped.put(subNames.get(order[s]), String.format(Locale.ROOT,
                    "recursive elimination: importance %.6g, least of %d columns", importance[order[s]],
                    kept.size()));
            }
            List<Integer> next = new ArrayList<>();
            for (int j = 0; j < kept.size(); j++) {
                if (!remove[j]) {
                    next.add(kept.get(j));
                }
            }
            kept = next;
        }
        return kept;
    }
}
