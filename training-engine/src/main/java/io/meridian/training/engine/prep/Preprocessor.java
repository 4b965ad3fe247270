package io.meridian.training.engine.prep;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.prep.FittedPreprocessor.CategoricalStep;
import io.meridian.training.engine.prep.FittedPreprocessor.NumericStep;
import io.meridian.training.engine.prep.FittedPreprocessor.Pca;
import io.meridian.training.engine.prep.PreprocessingSpec.Imputation;
import io.meridian.training.engine.prep.PreprocessingSpec.Scaling;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;
import io.meridian.training.engine.selection.FeatureSelector;

/**
 * Fits a {@link PreprocessingSpec} on training rows and applies the fitted form to any rows, in exactly the order
 * {@link FittedPreprocessor} documents (encode → scale → select → PCA), so the Java pipeline and the exported
 * ONNX graph compute the same numbers. Every statistic comes from the rows passed to {@code fit} only.
 *
 * <p>Fitting details: numeric fills are the mean, median or most frequent value (smallest on ties) of the
 * non-missing training values, or the constant; a numeric column with no value in the training rows fills 0.
 * Numeric features need an imputation other than {@code NONE}. Categorical levels are the values after the
 * categorical fill (so a constant fill such as "missing" becomes a level when training rows were missing);
 * with a level cap the most frequent levels are kept (ties by name), and levels are ordered by name. Standard
 * scaling uses the population standard deviation; min-max maps the training range to [0, 1]; a constant column
 * gets scale 1. Only numeric value columns are scaled.
 */
public final class Preprocessor {
    private Preprocessor() {
    }

    /**
     * A fitted preprocessor and what feature selection dropped.
     *
     * @param preprocessor the fitted form
     * @param dropped encoded column name → why it was dropped
     */
    public record Fit(FittedPreprocessor preprocessor, Map<String, String> dropped) {
    }

    /** Fits the spec on the training rows; see {@link #fitWithReport}. */
    public static FittedPreprocessor fit(PreprocessingSpec spec, Frame train, Target target, SelectionSupport rfe) {
        return fitWithReport(spec, train, target, rfe).preprocessor();
    }

    /**
     * Fits the spec on the training rows.
     *
     * @param spec what to fit
     * @param train training rows (every column is an input, in frame order)
     * @param target labels of the rows (used by recursive elimination only)
     * @param rfe the model behind recursive elimination ({@link SelectionSupport#NONE} when unused)
     * @throws IllegalArgumentException naming the field or feature at fault
     */
    public static Fit fitWithReport(PreprocessingSpec spec, Frame train, Target target, SelectionSupport rfe) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("no training rows to fit the preprocessing on");
        }
        List<FeatureColumn> inputs = train.columns();
        List<NumericStep> numeric = new ArrayList<>();
        List<CategoricalStep> categorical = new ArrayList<>();
        for (FeatureColumn column : inputs) {
            if (column.kind() == FeatureKind.NUMERIC) {
                numeric.add(numericStep(spec, column.name(), train.numeric(column.name())));
            } else {
                categorical.add(categoricalStep(spec, column.name(), train.categorical(column.name())));
            }
        }
        List<String> encodedNames = new ArrayList<>();
        List<Boolean> valueColumn = new ArrayList<>();
        int ni = 0;
        int ci = 0;
        for (FeatureColumn column : inputs) {
            if (column.kind() == FeatureKind.NUMERIC) {
                NumericStep step = numeric.get(ni++);
                encodedNames.add(column.name());
                valueColumn.add(true);
                if (step.missingIndicator()) {
                    encodedNames.add(column.name() + "__missing");
                    valueColumn.add(false);
                }
            } else {
                for (String level : categorical.get(ci++).levels()) {
                    encodedNames.add(column.name() + "=" + level);
                    valueColumn.add(false);
                }
            }
        }
        int width = encodedNames.size();
        double[] offset = new double[width];
        double[] scale = new double[width];
        Arrays.fill(scale, 1);
        int[] all = new int[width];
        for (int j = 0; j < width; j++) {
            all[j] = j;
        }
        FittedPreprocessor encodeOnly = new FittedPreprocessor(inputs, numeric, categorical, encodedNames, offset,
            scale, all, null);
        double[][] x = transform(encodeOnly, train);
        if (spec.scaling() != Scaling.NONE) {
            for (int j = 0; j < width; j++) {
                if (valueColumn.get(j)) {
                    fitScale(spec.scaling(), x, j, offset, scale);
                }
            }
            for (double[] row : x) {
                for (int j = 0; j < width; j++) {
                    row[j] = (row[j] - offset[j]) * scale[j];
                }
            }
        }
        int[] selected = all;
        Map<String, String> dropped = Map.of();
        if (spec.selection().enabled()) {
            FeatureSelector.Selection selection = FeatureSelector.select(spec.selection(), x, encodedNames, target,
                rfe);
            selected = selection.kept();
            dropped = selection.dropped();
            if (selected.length == 0) {
                throw new IllegalArgumentException("preprocessing.selection dropped every column");
            }
        }
        Pca pca = null;
        if (spec.pcaComponents() > 0 || spec.pcaVariance() > 0) {
            pca = PrincipalComponents.fit(x, selected, spec.pcaComponents(), spec.pcaVariance());
        }
        return new Fit(new FittedPreprocessor(inputs, numeric, categorical, encodedNames, offset, scale, selected,
            pca), dropped);
    }

    private static void fitScale(Scaling scaling, double[][] x, int j, double[] offset, double[] scale) {
        int n = x.length;
        if (scaling == Scaling.STANDARD) {
            double mean = 0;
            for (double[] row : x) {
                mean += row[j];
            }
            mean /= n;
            double ss = 0;
            for (double[] row : x) {
                ss += (row[j] - mean) * (row[j] - mean);
            }
            double std = Math.sqrt(ss / n);
            offset[j] = mean;
            scale[j] = std > 0 ? 1 / std : 1;
        } else {
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : x) {
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            offset[j] = min;
            scale[j] = max > min ? 1 / (max - min) : 1;
        }
    }

    private static NumericStep numericStep(PreprocessingSpec spec, String feature, double[] values) {
        double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).toArray();
        for (double v : present) {
            if (Double.isInfinite(v)) {
                throw new IllegalArgumentException("feature '" + feature + "' has an infinite value");
            }
        }
        boolean anyMissing = present.length < values.length;
        double fill = switch (spec.numericImputation()) {
            case MEAN -> present.length == 0 ? 0 : Arrays.stream(present).average().orElse(0);
            case MEDIAN -> median(present);
            case MOST_FREQUENT -> mode(present);
            case CONSTANT -> spec.numericFill();
            case NONE -> throw new IllegalArgumentException("preprocessing.numericImputation NONE is for categorical "
                + "features only; numeric feature '" + feature + "' needs MEAN, MEDIAN, MOST_FREQUENT or CONSTANT");
        };
        if (!Double.isFinite(fill)) {
            throw new IllegalArgumentException("preprocessing.numericFill must be a finite number, got " + fill);
        }
        return new NumericStep(feature, fill, spec.missingIndicators() && anyMissing);
    }

    private static double median(double[] present) {
        if (present.length == 0) {
            return 0;
        }
        double[] sorted = present.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double mode(double[] present) {
        if (present.length == 0) {
            return 0;
        }
        double[] sorted = present.clone();
        Arrays.sort(sorted);
        double best = sorted[0];
        int bestCount = 0;
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            if (j - i > bestCount) {
                bestCount = j - i;
                best = sorted[i];
            }
            i = j;
        }
        return best;
    }

    private static CategoricalStep categoricalStep(PreprocessingSpec spec, String feature, String[] values) {
        Map<String, Integer> counts = new TreeMap<>();
        int missing = 0;
        for (String v : values) {
            if (v == null) {
                missing++;
            } else {
                counts.merge(v, 1, Integer::sum);
            }
        }
        String fill = switch (spec.categoricalImputation()) {
            case MOST_FREQUENT -> counts.entrySet().stream()
                .max(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue)
                    .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElse(null);
            case CONSTANT -> {
                if (spec.categoricalFill() == null) {
                    throw new IllegalArgumentException("preprocessing.categoricalFill is required with CONSTANT "
                        + "categorical imputation");
                }
                yield spec.categoricalFill();
            }
            case NONE -> null;
            case MEAN, MEDIAN -> throw new IllegalArgumentException("preprocessing.categoricalImputation "
                + spec.categoricalImputation() + " does not apply to categorical feature '" + feature
                + "'; use MOST_FREQUENT, CONSTANT or NONE");
        };
        if (fill != null && missing > 0) {
            counts.merge(fill, missing, Integer::sum);
        }
        List<String> known = new ArrayList<>(counts.keySet());
        List<String> levels = known;
        if (spec.maxLevels() > 0 && known.size() > spec.maxLevels()) {
            levels = counts.entrySet().stream()
                .sorted(Comparator.<Map.Entry<String, Integer>>comparingInt(Map.Entry::getValue).reversed()
                    .thenComparing(Map.Entry::getKey))
                .limit(spec.maxLevels()).map(Map.Entry::getKey).sorted().toList();
        }
        if (spec.maxLevels() < 0) {
            throw new IllegalArgumentException("preprocessing.maxLevels must be 0 (no cap) or positive, got "
                + spec.maxLevels());
        }
        return new CategoricalStep(feature, levels, fill, spec.unseen(),
            spec.unseen() == UnseenPolicy.ERROR ? known : levels);
    }

    /**
     * Applies the fitted preprocessing to rows: the model's input matrix, {@code [rows][outputWidth()]}. Numeric
     * values are first rounded to float32 (the ONNX graph's input type), then everything is computed in double,
     * exactly as the exported graph does, so the Java pipeline and the graph feed the model the same numbers.
     *
     * @throws IllegalArgumentException when a categorical value was not seen in training and the feature's
     *                                  unseen policy is ERROR (naming feature and value; a missing value is never
     *                                  an unseen category: it takes the fill, or all zeros), or an input is
     *                                  absent
     */
    public static double[][] transform(FittedPreprocessor p, Frame rows) {
        int n = rows.rows();
        int width = p.encodedNames().size();
        List<Object> columns = new ArrayList<>();
        List<Map<String, Integer>> lookups = new ArrayList<>();
        List<Set<String>> known = new ArrayList<>();
        int ci = 0;
        for (FeatureColumn input : p.inputs()) {
            if (!rows.has(input.name())) {
                throw new IllegalArgumentException("feature '" + input.name() + "' is missing from the rows");
            }
            if (input.kind() == FeatureKind.NUMERIC) {
                columns.add(rows.numeric(input.name()));
            } else {
                columns.add(rows.categorical(input.name()));
                CategoricalStep step = p.categorical().get(ci++);
                Map<String, Integer> lookup = new HashMap<>();
                for (int l = 0; l < step.levels().size(); l++) {
                    lookup.put(step.levels().get(l), l);
                }
                lookups.add(lookup);
                known.add(step.unseen() == UnseenPolicy.ERROR ? new HashSet<>(step.knownLevels()) : null);
            }
        }
        int[] selected = p.selected();
        Pca pca = p.pca();
        int out = p.outputWidth();
        double[][] result = new double[n][];
        double[] encoded = new double[width];
        double[] kept = new double[selected.length];
        for (int i = 0; i < n; i++) {
            int j = 0;
            int numericIndex = 0;
            int categoricalIndex = 0;
            for (int c = 0; c < columns.size(); c++) {
                if (p.inputs().get(c).kind() == FeatureKind.NUMERIC) {
                    NumericStep step = p.numeric().get(numericIndex++);
                    // the graph's numeric inputs are float32: start from the same float value, then compute in
                    // double as the graph does, so trees split the very same values on both sides
                    double v = (float) ((double[]) columns.get(c))[i];
                    boolean missing = Double.isNaN(v);
                    encoded[j++] = missing ? step.fill() : v;
                    if (step.missingIndicator()) {
                        encoded[j++] = missing ? 1 : 0;
                    }
                } else {
                    CategoricalStep step = p.categorical().get(categoricalIndex);
                    Map<String, Integer> lookup = lookups.get(categoricalIndex);
                    Set<String> knownLevels = known.get(categoricalIndex);
                    categoricalIndex++;
                    String v = ((String[]) columns.get(c))[i];
                    boolean missing = v == null;
                    if (missing) {
                        v = step.fill();
                    }
                    int levels = step.levels().size();
                    Arrays.fill(encoded, j, j + levels, 0);
                    if (v != null) {
                        Integer level = lookup.get(v);
                        if (level != null) {
                            encoded[j + level] = 1;
                        } else if (!missing && knownLevels != null && !knownLevels.contains(v)) {
                            throw new IllegalArgumentException("feature '" + step.feature() + "': value '" + v
                                + "' was not seen in training and the unseen-category policy is ERROR");
                        }
                    }
                    j += levels;
                }
            }
            for (int k = 0; k < width; k++) {
                encoded[k] = (encoded[k] - p.offset()[k]) * p.scale()[k];
            }
            double[] row = new double[out];
            if (pca == null) {
                for (int k = 0; k < selected.length; k++) {
                    row[k] = encoded[selected[k]];
                }
            } else {
                for (int k = 0; k < selected.length; k++) {
                    kept[k] = encoded[selected[k]] - pca.mean()[k];
                }
                for (int m = 0; m < out; m++) {
                    double[] w = pca.components()[m];
                    double z = 0;
                    for (int k = 0; k < kept.length; k++) {
                        z += kept[k] * w[k];
                    }
                    row[m] = z;
                }
            }
            result[i] = row;
        }
        return result;
    }
}
