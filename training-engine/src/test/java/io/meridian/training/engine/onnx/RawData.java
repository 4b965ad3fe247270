package io.meridian.training.engine.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.FittedPreprocessor.CategoricalStep;
import io.meridian.training.engine.prep.FittedPreprocessor.NumericStep;
import io.meridian.training.engine.prep.FittedPreprocessor.Pca;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;

/**
 * Seeded raw churn-like rows (numeric age, income, tenure with missing values; categorical plan and region) with
 * binary, multiclass and regression labels, and a small test-scope fit of {@link FittedPreprocessor}s for the
 * parity tests (the real fit is the engine's).
 */
final class RawData {
    static final List<String> PLANS = List.of("basic", "plus", "premium");
    static final List<String> REGIONS = List.of("central", "east", "north", "south", "west");

    final Frame frame;
    final Target binary;
    final Target multiclass;
    final Target regression;

    private RawData(Frame frame, Target binary, Target multiclass, Target regression) {
        this.frame = frame;
        this.binary = binary;
        this.multiclass = multiclass;
        this.regression = regression;
    }

    /**
     * {@code rows} rows; when {@code oddValues}, some rows carry an unseen plan ("platinum"), an empty-string
     * region (missing) and a missing plan, as serving may send them.
     */
    static RawData generate(int rows, long seed, boolean oddValues) {
        Random random = new Random(seed);
        double[] age = new double[rows];
        double[] income = new double[rows];
        double[] tenure = new double[rows];
        String[] plan = new String[rows];
        String[] region = new String[rows];
        int[] churn = new int[rows];
        int[] segment = new int[rows];
        double[] spend = new double[rows];
        for (int i = 0; i < rows; i++) {
            double a = 40 + 12 * random.nextGaussian();
            double inc = 52_000 * Math.exp(0.4 * random.nextGaussian());
            double t = 72 * random.nextDouble();
            int p = random.nextInt(3);
            int r = random.nextInt(5);
            age[i] = random.nextDouble() < 0.1 ? Double.NaN : a;
            income[i] = random.nextDouble() < 0.08 ? Double.NaN : inc;
            tenure[i] = t;
            plan[i] = random.nextDouble() < 0.06 ? null : PLANS.get(p);
            region[i] = REGIONS.get(r);
            if (oddValues && i % 17 == 0) {
                plan[i] = "platinum";
            }
            if (oddValues && i % 13 == 0) {
                region[i] = "";
            }
            double logit = 0.06 * (a - 40) - 0.05 * (t - 36) + (p == 2 ? 1.5 : p == 0 ? -1.0 : 0) + (r == 2 ? 1.0 : 0);
            churn[i] = random.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            double[] s = {0.08 * (a - 40), (t - 36) / 12.0, p - 1 + 0.5 * random.nextGaussian()};
            segment[i] = s[0] >= s[1] && s[0] >= s[2] ? 0 : s[1] >= s[2] ? 1 : 2;
            spend[i] = 2 * t / 72 + (inc - 52_000) / 40_000 + 0.7 * p + (r == 0 ? 0.5 : 0)
                + 0.2 * random.nextGaussian();
        }
        Frame frame = Frame.builder(rows).numeric("age", age).numeric("income", income).numeric("tenure", tenure)
            .categorical("plan", plan).categorical("region", region).build();
        return new RawData(frame,
            Target.classification(Task.BINARY, List.of("no", "yes"), churn, 1),
            Target.classification(Task.MULTICLASS, List.of("loyal", "mature", "upsell"), segment, -1),
            Target.regression(spend));
    }

    Target target(Task task) {
        return switch (task) {
            case BINARY -> binary;
            case MULTICLASS -> multiclass;
            case REGRESSION -> regression;
        };
    }

    /** The preprocessing combinations the parity tests cover. */
    enum Combo {
        /** Mean imputation with missing indicators, one-hot with most-frequent fill, standard scaling. */
        IMPUTE_INDICATORS_STANDARD,
        /** Constant 0 fill, one-hot without fill (missing -> zeros), min-max scaling, a subset of columns kept. */
        CONSTANT_MINMAX_SELECTION,
        /** Standard scaling then PCA to 4 components over a selection. */
        STANDARD_PCA,
        /** No scaling, levels capped at 2 per categorical feature (other levels encode as zeros). */
        RAW_CAPPED_LEVELS
    }

    /** Fits a preprocessor of the given combination on the frame's rows (test scope, plain statistics). */
    static FittedPreprocessor fit(Frame frame, Combo combo) {
        boolean indicators = combo == Combo.IMPUTE_INDICATORS_STANDARD;
        List<NumericStep> numeric = new ArrayList<>();
        List<CategoricalStep> categorical = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Boolean> scalable = new ArrayList<>();
        for (FeatureColumn column : frame.columns()) {
            if (column.kind() == FeatureKind.NUMERIC) {
                double[] values = frame.numeric(column.name());
                double sum = 0;
                int count = 0;
                for (double v : values) {
                    if (!Double.isNaN(v)) {
                        sum += (float) v;
                        count++;
                    }
                }
                boolean anyMissing = count < values.length;
                double fill = combo == Combo.CONSTANT_MINMAX_SELECTION ? 0 : sum / count;
                numeric.add(new NumericStep(column.name(), fill, indicators && anyMissing));
                names.add(column.name());
                scalable.add(true);
                if (indicators && anyMissing) {
                    names.add(column.name() + "__missing");
                    scalable.add(false);
                }
            } else {
                Map<String, Integer> counts = new HashMap<>();
                for (String v : frame.categorical(column.name())) {
                    if (v != null && !v.isEmpty()) {
                        counts.merge(v, 1, Integer::sum);
                    }
                }
                List<String> byFrequency = new ArrayList<>(counts.keySet());
                byFrequency.sort(Comparator.comparing((String v) -> -counts.get(v)).thenComparing(v -> v));
                List<String> levels = combo == Combo.RAW_CAPPED_LEVELS ? byFrequency.subList(0, 2)
                    : byFrequency.stream().sorted().toList();
                String fill = combo == Combo.CONSTANT_MINMAX_SELECTION ? null : byFrequency.get(0);
                categorical.add(new CategoricalStep(column.name(), levels, fill, UnseenPolicy.IGNORE,
                    byFrequency.stream().sorted().toList()));
                for (String level : levels) {
                    names.add(column.name() + "=" + level);
                    scalable.add(false);
                }
            }
        }
        int width = names.size();
        double[] offset = new double[width];
        double[] scale = new double[width];
        Arrays.fill(scale, 1);
        int[] all = java.util.stream.IntStream.range(0, width).toArray();
        FittedPreprocessor encodeOnly = new FittedPreprocessor(frame.columns(), numeric, categorical, names, offset,
            scale.clone(), all, null);
        double[][] encoded = TestTransform.apply(encodeOnly, frame);
        for (int j = 0; j < width; j++) {
            if (!scalable.get(j)) {
                continue;
            }
            double mean = 0;
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (double[] row : encoded) {
                mean += row[j] / encoded.length;
                min = Math.min(min, row[j]);
                max = Math.max(max, row[j]);
            }
            double var = 0;
            for (double[] row : encoded) {
                var += (row[j] - mean) * (row[j] - mean) / encoded.length;
            }
            switch (combo) {
                case IMPUTE_INDICATORS_STANDARD, STANDARD_PCA -> {
                    offset[j] = mean;
                    scale[j] = 1 / Math.sqrt(var);
                }
                case CONSTANT_MINMAX_SELECTION -> {
                    offset[j] = min;
                    scale[j] = 1 / (max - min);
                }
                default -> {
                }
            }
        }
        int[] selected = all;
        if (combo == Combo.CONSTANT_MINMAX_SELECTION || combo == Combo.STANDARD_PCA) {
            selected = java.util.stream.IntStream.range(0, width).filter(j -> j % 4 != 3).toArray();
        }
        Pca pca = null;
        if (combo == Combo.STANDARD_PCA) {
            FittedPreprocessor scaled = new FittedPreprocessor(frame.columns(), numeric, categorical, names, offset,
                scale, selected, null);
            double[][] x = TestTransform.apply(scaled, frame);
            double[] mean = new double[selected.length];
            for (double[] row : x) {
                for (int s = 0; s < mean.length; s++) {
                    mean[s] += row[s] / x.length;
                }
            }
            Random random = new Random(99);
            double[][] components = new double[4][selected.length];
            for (double[] component : components) {
                double norm = 0;
                for (int s = 0; s < component.length; s++) {
                    component[s] = random.nextGaussian();
                    norm += component[s] * component[s];
                }
                for (int s = 0; s < component.length; s++) {
                    component[s] /= Math.sqrt(norm);
                }
            }
            pca = new Pca(mean, components, new double[] {0.4, 0.3, 0.2, 0.1});
        }
        return new FittedPreprocessor(frame.columns(), numeric, categorical, names, offset, scale, selected, pca);
    }
}
