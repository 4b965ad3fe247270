package io.meridian.training.engine.importance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.FeatureImportance;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.PreprocessingSpec;
import io.meridian.training.engine.prep.Preprocessor;
import io.meridian.training.engine.prep.SelectionSupport;

class PermutationImportanceTest {

    /** P(yes) = sigmoid(3 * first column); the other columns are ignored. */
    private record FirstColumnModel(List<String> inputNames) implements TrainedModel {
        @Override
        public String algorithm() {
            return "first-column";
        }

        @Override
        public Task task() {
            return Task.BINARY;
        }

        @Override
        public List<String> classes() {
            return List.of("no", "yes");
        }

        @Override
        public double[][] predict(double[][] x) {
            double[][] out = new double[x.length][];
            for (int i = 0; i < x.length; i++) {
                double p = 1 / (1 + Math.exp(-3 * x[i][0]));
                out[i] = new double[] {1 - p, p};
            }
            return out;
        }

        @Override
        public List<FeatureImportance> importance() {
            return List.of();
        }

        @Override
        public Map<String, String> hyperparameters() {
            return Map.of();
        }

        @Override
        public String provenanceJson() {
            return "{}";
        }
    }

    @Test
    void onlyTheFeatureTheModelUsesMattersAndShufflesAreSeeded() {
        SplittableRandom random = new SplittableRandom(2);
        int n = 2000;
        double[] a = new double[n];
        String[] b = new String[n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = random.nextGaussian();
            b[i] = random.nextBoolean() ? "x" : "y";
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-3 * a[i])) ? 1 : 0;
        }
        Frame frame = Frame.builder(n).numeric("a", a).categorical("b", b).build();
        Target target = Target.classification(Task.BINARY, List.of("no", "yes"), y, 1);
        FittedPreprocessor p = Preprocessor.fit(PreprocessingSpec.defaults(), frame, target, SelectionSupport.NONE);
        TrainedModel model = new FirstColumnModel(p.outputNames());
        double[] drops = PermutationImportance.drops(p, model, frame, target, 3, 7);
        assertTrue(drops[0] > 0.2, "a " + drops[0]);
        assertEquals(0.0, drops[1], "b is ignored by the model");
        assertArrayEquals(drops, PermutationImportance.drops(p, model, frame, target, 3, 7));
        List<FeatureImportance> ranked = PermutationImportance.rank(List.of("a", "b"), drops);
        assertEquals("a", ranked.get(0).feature());
        assertEquals("permutation", ranked.get(0).kind());
    }
}
