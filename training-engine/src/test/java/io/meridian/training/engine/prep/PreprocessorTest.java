package io.meridian.training.engine.prep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.prep.FittedPreprocessor.CategoricalStep;
import io.meridian.training.engine.prep.PreprocessingSpec.Imputation;
import io.meridian.training.engine.prep.PreprocessingSpec.Scaling;
import io.meridian.training.engine.prep.PreprocessingSpec.SelectionSpec;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;

class PreprocessorTest {
    private static final double NAN = Double.NaN;

    private static PreprocessingSpec spec(Imputation numeric, boolean indicators, Imputation categorical,
                                          UnseenPolicy unseen, int maxLevels, Scaling scaling) {
        return new PreprocessingSpec(numeric, -1, indicators, categorical, "missing", unseen, maxLevels, scaling, 0,
            0, SelectionSpec.NONE);
    }

    private static Frame small() {
        return Frame.builder(6)
            .numeric("age", new double[] {10, NAN, 30, 40, NAN, 30})
            .categorical("plan", new String[] {"gold", "basic", null, "gold", "silver", "basic"})
            .build();
    }

    @Test
    void encodesImputesAndIndicatesInTheDocumentedOrder() {
        Frame f = small();
        FittedPreprocessor p = Preprocessor.fit(spec(Imputation.MEAN, true, Imputation.CONSTANT, UnseenPolicy.IGNORE,
            0, Scaling.NONE), f, null, SelectionSupport.NONE);
        assertEquals(List.of("age", "age__missing", "plan=basic", "plan=gold", "plan=missing", "plan=silver"),
            p.encodedNames());
        assertEquals(27.5, p.numeric().get(0).fill(), 1e-12);
        double[][] x = Preprocessor.transform(p, f);
        assertArrayEquals(new double[] {10, 0, 0, 1, 0, 0}, x[0], 1e-12);
        assertArrayEquals(new double[] {27.5, 1, 1, 0, 0, 0}, x[1], 1e-12);
        assertArrayEquals(new double[] {30, 0, 0, 0, 1, 0}, x[2], 1e-12);
        Frame unseen = Frame.builder(1).numeric("age", new double[] {5}).categorical("plan", new String[] {"platinum"})
            .build();
        assertArrayEquals(new double[] {5, 0, 0, 0, 0, 0}, Preprocessor.transform(p, unseen)[0], 1e-12);
    }

    @Test
    void medianAndMostFrequentImputation() {
        Frame f = small();
        FittedPreprocessor median = Preprocessor.fit(spec(Imputation.MEDIAN, false, Imputation.MOST_FREQUENT,
            UnseenPolicy.IGNORE, 0, Scaling.NONE), f, null, SelectionSupport.NONE);
        assertEquals(30, median.numeric().get(0).fill(), 1e-12);
        // basic and gold both appear twice: ties go to the name first in order
        assertEquals("basic", median.categorical().get(0).fill());
        FittedPreprocessor mode = Preprocessor.fit(spec(Imputation.MOST_FREQUENT, false, Imputation.NONE,
            UnseenPolicy.IGNORE, 0, Scaling.NONE), f, null, SelectionSupport.NONE);
        assertEquals(30, mode.numeric().get(0).fill(), 1e-12);
        assertNull(mode.categorical().get(0).fill());
        assertEquals(List.of("basic", "gold", "silver"), mode.categorical().get(0).levels());
        // missing category without a fill encodes as all zeros
        assertArrayEquals(new double[] {30, 0, 0, 0}, Preprocessor.transform(mode, f)[2], 1e-12);
    }

    @Test
    void unseenErrorPolicyNamesFeatureAndValue() {
        FittedPreprocessor p = Preprocessor.fit(spec(Imputation.MEAN, false, Imputation.MOST_FREQUENT,
            UnseenPolicy.ERROR, 0, Scaling.NONE), small(), null, SelectionSupport.NONE);
        Frame unseen = Frame.builder(1).numeric("age", new double[] {5}).categorical("plan", new String[] {"platinum"})
            .build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Preprocessor.transform(p, unseen));
        assertTrue(e.getMessage().contains("'plan'") && e.getMessage().contains("'platinum'"), e.getMessage());
        // a missing value is not an unseen category, even when its constant fill never occurred in training
        Frame complete = Frame.builder(2).numeric("age", new double[] {1, 2}).categorical("plan",
            new String[] {"gold", "basic"}).build();
        FittedPreprocessor constant = Preprocessor.fit(spec(Imputation.MEAN, false, Imputation.CONSTANT,
            UnseenPolicy.ERROR, 0, Scaling.NONE), complete, null, SelectionSupport.NONE);
        Frame missing = Frame.builder(1).numeric("age", new double[] {NAN}).categorical("plan", new String[] {null})
            .build();
        assertArrayEquals(new double[] {1.5, 0, 0}, Preprocessor.transform(constant, missing)[0], 1e-12);
    }

    @Test
    void levelCapKeepsTheMostFrequentTiesByNameAndKnowsTheRest() {
        Frame f = Frame.builder(7).categorical("c", new String[] {"z", "z", "z", "b", "b", "a", "a"}).build();
        FittedPreprocessor p = Preprocessor.fit(spec(Imputation.MEAN, false, Imputation.NONE, UnseenPolicy.ERROR, 2,
            Scaling.NONE), f, null, SelectionSupport.NONE);
        CategoricalStep step = p.categorical().get(0);
        assertEquals(List.of("a", "z"), step.levels());
        assertEquals(List.of("a", "b", "z"), step.knownLevels());
        // "b" is known, so not an error, but beyond the cap: all zeros
        assertArrayEquals(new double[] {0, 0}, Preprocessor.transform(p, f)[3], 1e-12);
    }

    @Test
    void standardAndMinMaxScalingWithConstantColumns() {
        Frame f = Frame.builder(4).numeric("a", new double[] {1, 2, 3, 4}).numeric("k", new double[] {7, 7, 7, 7})
            .categorical("c", new String[] {"x", "y", "x", "y"}).build();
        FittedPreprocessor std = Preprocessor.fit(spec(Imputation.MEAN, false, Imputation.NONE, UnseenPolicy.IGNORE,
            0, Scaling.STANDARD), f, null, SelectionSupport.NONE);
        assertEquals(2.5, std.offset()[0], 1e-12);
        assertEquals(1 / Math.sqrt(1.25), std.scale()[0], 1e-12);
        assertEquals(1.0, std.scale()[1], 1e-12);
        assertEquals(0.0, std.offset()[2], 1e-12);
        assertEquals(1.0, std.scale()[2], 1e-12);
        double[][] x = Preprocessor.transform(std, f);
        assertEquals(0.0, x[0][1], 1e-12);
        assertEquals(1.0, x[0][2], 1e-12);
        FittedPreprocessor mm = Preprocessor.fit(spec(Imputation.MEAN, false, Imputation.NONE, UnseenPolicy.IGNORE, 0,
            Scaling.MIN_MAX), f, null, SelectionSupport.NONE);
        double[][] y = Preprocessor.transform(mm, f);
        assertEquals(0.0, y[0][0], 1e-12);
        assertEquals(1.0, y[3][0], 1e-12);
        assertEquals(1.0 / 3, y[1][0], 1e-12);
    }

    @Test
    void statisticsComeOnlyFromTheRowsPassedToFit() {
        SplittableRandom random = new SplittableRandom(3);
        double[] values = new double[200];
        for (int i = 0; i < values.length; i++) {
            values[i] = i < 100 ? random.nextGaussian() : 50 + random.nextGaussian();
        }
        Frame all = Frame.builder(200).numeric("v", values).build();
        int[] firstHalf = java.util.stream.IntStream.range(0, 100).toArray();
        FittedPreprocessor p = Preprocessor.fit(PreprocessingSpec.defaults(), all.rows(firstHalf), null,
            SelectionSupport.NONE);
        // statistics are fitted on the float32 values the graph receives
        double mean = java.util.Arrays.stream(values, 0, 100).map(v -> (float) v).average().orElseThrow();
        assertEquals(mean, p.offset()[0], 1e-12);
        assertTrue(Math.abs(p.offset()[0]) < 1, "fitted on the first half only");
    }

    @Test
    void numericImputationNoneIsRejectedNamingTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Preprocessor.fit(
            spec(Imputation.NONE, false, Imputation.NONE, UnseenPolicy.IGNORE, 0, Scaling.NONE), small(), null,
            SelectionSupport.NONE));
        assertTrue(e.getMessage().contains("preprocessing.numericImputation"), e.getMessage());
    }

    @Test
    void pcaRecoversAKnownRotation() {
        SplittableRandom random = new SplittableRandom(17);
        int n = 20_000;
        double angle = Math.toRadians(30);
        double[] a = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            double z1 = 3 * random.nextGaussian();
            double z2 = 0.5 * random.nextGaussian();
            a[i] = Math.cos(angle) * z1 - Math.sin(angle) * z2 + 4;
            b[i] = Math.sin(angle) * z1 + Math.cos(angle) * z2 - 2;
        }
        Frame f = Frame.builder(n).numeric("a", a).numeric("b", b).build();
        PreprocessingSpec spec = new PreprocessingSpec(Imputation.MEAN, 0, false, Imputation.NONE, null,
            UnseenPolicy.IGNORE, 0, Scaling.NONE, 2, 0, SelectionSpec.NONE);
        FittedPreprocessor p = Preprocessor.fit(spec, f, null, SelectionSupport.NONE);
        double[][] c = p.pca().components();
        assertArrayEquals(new double[] {Math.cos(angle), Math.sin(angle)}, c[0], 0.01);
        // second component: (-sin, cos) with its largest entry (cos) positive
        assertArrayEquals(new double[] {-Math.sin(angle), Math.cos(angle)}, c[1], 0.01);
        assertEquals(9 / 9.25, p.pca().explainedVarianceRatio()[0], 0.01);
        assertEquals(List.of("pc1", "pc2"), p.outputNames());
        double[][] z = Preprocessor.transform(p, f);
        double expected = ((float) a[5] - p.pca().mean()[0]) * c[0][0] + ((float) b[5] - p.pca().mean()[1]) * c[0][1];
        assertEquals(expected, z[5][0], 1e-9);
        // projected components are uncorrelated
        double cov = 0;
        for (double[] row : z) {
            cov += row[0] * row[1];
        }
        assertEquals(0, cov / (n - 1), 1e-6);
    }

    @Test
    void pcaVarianceTargetKeepsTheFewestComponentsReachingIt() {
        SplittableRandom random = new SplittableRandom(5);
        int n = 20_000;
        double[][] cols = new double[3][n];
        double[] sd = {3, 2, 0.5};
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 3; j++) {
                cols[j][i] = sd[j] * random.nextGaussian();
            }
        }
        Frame f = Frame.builder(n).numeric("x", cols[0]).numeric("y", cols[1]).numeric("z", cols[2]).build();
        // variances 9, 4, 0.25 of 13.25: shares 0.68, 0.30, 0.02 -> 0.9 needs 2, 0.6 needs 1
        for (double[] target : new double[][] {{0.9, 2}, {0.6, 1}, {0.99, 3}}) {
            PreprocessingSpec spec = new PreprocessingSpec(Imputation.MEAN, 0, false, Imputation.NONE, null,
                UnseenPolicy.IGNORE, 0, Scaling.NONE, 0, target[0], SelectionSpec.NONE);
            FittedPreprocessor p = Preprocessor.fit(spec, f, null, SelectionSupport.NONE);
            assertEquals((int) target[1], p.outputWidth(), "target " + target[0]);
        }
        PreprocessingSpec tooMany = new PreprocessingSpec(Imputation.MEAN, 0, false, Imputation.NONE, null,
            UnseenPolicy.IGNORE, 0, Scaling.NONE, 4, 0, SelectionSpec.NONE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Preprocessor.fit(tooMany, f, null, SelectionSupport.NONE));
        assertTrue(e.getMessage().contains("preprocessing.pcaComponents"));
    }

    @Test
    void selectionDropsAConstantAndADuplicatedColumnBeforePca() {
        SplittableRandom random = new SplittableRandom(8);
        int n = 500;
        double[] a = new double[n];
        double[] k = new double[n];
        double[] dup = new double[n];
        double[] b = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
            k[i] = 3;
            dup[i] = 2 * a[i] + 1;
            b[i] = random.nextGaussian();
        }
        Frame f = Frame.builder(n).numeric("a", a).numeric("k", k).numeric("dup", dup).numeric("b", b).build();
        PreprocessingSpec spec = new PreprocessingSpec(Imputation.MEAN, 0, false, Imputation.NONE, null,
            UnseenPolicy.IGNORE, 0, Scaling.STANDARD, 0, 0, new SelectionSpec(0.0, 0.95, 0));
        Preprocessor.Fit fit = Preprocessor.fitWithReport(spec, f, null, SelectionSupport.NONE);
        assertArrayEquals(new int[] {0, 3}, fit.preprocessor().selected());
        assertEquals(List.of("a", "b"), fit.preprocessor().outputNames());
        assertTrue(fit.dropped().get("k").startsWith("near-constant"));
        assertTrue(fit.dropped().get("dup").startsWith("correlated with 'a'"));
        double[][] x = Preprocessor.transform(fit.preprocessor(), f);
        assertEquals(2, x[0].length);
    }

    @Test
    void recursiveEliminationKeepsTheColumnsTheModelRanksHighest() {
        SplittableRandom random = new SplittableRandom(9);
        int n = 300;
        Frame.Builder builder = Frame.builder(n);
        double[][] cols = new double[6][n];
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < n; i++) {
                cols[j][i] = random.nextGaussian();
            }
            builder.numeric("f" + j, cols[j]);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 3 * cols[4][i] - 2 * cols[1][i] + 0.1 * random.nextGaussian();
        }
        Target target = Target.regression(y);
        // importance = |correlation with the label| of each column, an honest "model" for ranking
        SelectionSupport support = (x, names, t) -> {
            double[] out = new double[names.size()];
            for (int j = 0; j < out.length; j++) {
                double sxy = 0;
                double sxx = 0;
                for (int i = 0; i < x.length; i++) {
                    sxy += x[i][j] * t.values()[i];
                    sxx += x[i][j] * x[i][j];
                }
                out[j] = Math.abs(sxy) / Math.sqrt(sxx);
            }
            return out;
        };
        PreprocessingSpec spec = new PreprocessingSpec(Imputation.MEAN, 0, false, Imputation.NONE, null,
            UnseenPolicy.IGNORE, 0, Scaling.STANDARD, 0, 0, new SelectionSpec(-1, 0, 2));
        Preprocessor.Fit fit = Preprocessor.fitWithReport(spec, builder.build(), target, support);
        assertEquals(List.of("f1", "f4"), fit.preprocessor().outputNames());
        assertEquals(4, fit.dropped().size());
        assertThrows(IllegalArgumentException.class,
            () -> Preprocessor.fit(spec, builder.build(), target, SelectionSupport.NONE));
    }
}
