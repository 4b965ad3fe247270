package io.meridian.training.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.meridian.training.engine.data.Task;

class AlgorithmsTest {
    private static final Algorithms ALGORITHMS = new Algorithms();

    /** Small, fast settings; the signal is strong enough for every algorithm to learn it. */
    static Map<String, String> quick(String algorithm) {
        return switch (algorithm) {
            case "xgboost" -> Map.of("numTrees", "40", "maxDepth", "4");
            case "random-forest" -> Map.of("numTrees", "30", "maxDepth", "8");
            case "factorization-machine", "logistic-regression" -> Map.of("epochs", "10", "learningRate", "0.05");
            default -> Map.of();
        };
    }

    static ModelTrainer trainer(String id) {
        return ALGORITHMS.find(id).orElseThrow();
    }

    static Stream<Arguments> algorithmsAndTasks() {
        return ALGORITHMS.all().stream()
            .flatMap(t -> t.tasks().stream().sorted().map(task -> Arguments.of(t.id(), task)));
    }

    static Synthetic.Data data(Task task, int rows, long seed) {
        return switch (task) {
            case BINARY -> Synthetic.binary(rows, seed);
            case MULTICLASS -> Synthetic.multiclass(rows, seed);
            case REGRESSION -> Synthetic.regression(rows, seed);
        };
    }

    @Test
    void declaresTheFiveAlgorithms() {
        assertEquals(List.of("logistic-regression", "linear-regression", "factorization-machine", "xgboost",
            "random-forest"), ALGORITHMS.all().stream().map(ModelTrainer::id).toList());
        for (ModelTrainer trainer : ALGORITHMS.all()) {
            assertTrue(!trainer.hyperparameters().isEmpty(), trainer.id());
            trainer.hyperparameters().values().forEach(def -> assertTrue(def.description() != null
                && !def.description().isBlank(), def.name()));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("algorithmsAndTasks")
    void learnsTheSignalOnHeldOutRows(String id, Task task) {
        Synthetic.Data all = data(task, 2000, 7);
        Synthetic.Data train = all.head(1500);
        Synthetic.Data test = all.tail(1500);
        TrainedModel model = trainer(id).fit(train.x(), train.names(), train.target(), null, quick(id), 42);

        assertEquals(id, model.algorithm());
        assertEquals(task, model.task());
        assertEquals(train.names(), model.inputNames());
        double[][] predicted = model.predict(test.x());
        assertEquals(test.x().length, predicted.length);
        if (task.isClassification()) {
            assertEquals(train.target().classes(), model.classes());
            for (double[] row : predicted) {
                assertEquals(model.classes().size(), row.length);
                assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-6);
            }
            double accuracy = Synthetic.accuracy(predicted, test.target());
            // majority class share is about 0.5 (binary) and 0.33 (three classes)
            double floor = task == Task.BINARY ? 0.75 : 0.8;
            assertTrue(accuracy > floor, id + " accuracy " + accuracy);
        } else {
            assertEquals(List.of(), model.classes());
            double r2 = Synthetic.r2(predicted, test.target());
            assertTrue(r2 > 0.85, id + " R2 " + r2);
        }
    }

    @Test
    void gradientBoostingBeatsLogisticRegressionOnXor() {
        Synthetic.Data all = Synthetic.xor(2000, 3);
        Synthetic.Data train = all.head(1500);
        Synthetic.Data test = all.tail(1500);
        double linear = Synthetic.accuracy(trainer("logistic-regression")
            .fit(train.x(), train.names(), train.target(), null, Map.of(), 1).predict(test.x()), test.target());
        double boosted = Synthetic.accuracy(trainer("xgboost")
            .fit(train.x(), train.names(), train.target(), null, Map.of("numTrees", "50"), 1).predict(test.x()),
            test.target());
        assertTrue(linear < 0.65, "logistic regression cannot separate XOR, got " + linear);
        assertTrue(boosted > 0.9, "boosted trees should, got " + boosted);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.meridian.training.engine.model.AlgorithmsTest#ids")
    void sameSeedGivesTheSameModel(String id) {
        Task task = trainer(id).tasks().contains(Task.BINARY) ? Task.BINARY : Task.REGRESSION;
        Synthetic.Data data = data(task, 600, 11);
        Map<String, String> params = new java.util.HashMap<>(quick(id));
        if (id.equals("xgboost")) {
            params.put("subsample", "0.7");
        }
        double[][] first = trainer(id).fit(data.x(), data.names(), data.target(), null, params, 5).predict(data.x());
        double[][] second = trainer(id).fit(data.x(), data.names(), data.target(), null, params, 5).predict(data.x());
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], second[i], 0.0);
        }
    }

    static Stream<String> ids() {
        return ALGORITHMS.all().stream().map(ModelTrainer::id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void importanceRanksTheStrongestColumnFirst(String id) {
        Task task = trainer(id).tasks().contains(Task.BINARY) ? Task.BINARY : Task.REGRESSION;
        Synthetic.Data data = data(task, 1500, 13);
        TrainedModel model = trainer(id).fit(data.x(), data.names(), data.target(), null, quick(id), 3);
        List<FeatureImportance> importance = model.importance();
        assertEquals(data.names().size(), importance.size());
        assertEquals("x0", importance.get(0).feature(), id + " " + importance);
        for (int k = 1; k < importance.size(); k++) {
            assertTrue(importance.get(k - 1).importance() >= importance.get(k).importance());
        }
        if (importance.get(0).kind().equals("coefficient")) {
            assertTrue(importance.get(0).signed() > 0, "x0 raises the positive class / the value");
            FeatureImportance x1 = importance.stream().filter(f -> f.feature().equals("x1")).findFirst().orElseThrow();
            assertTrue(x1.signed() < 0, "x1 lowers it: " + x1);
        }
        assertTrue(model.provenanceJson().contains("org.tribuo"), model.provenanceJson());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ids")
    void regressionImportanceRanksTheStrongestColumnFirst(String id) {
        if (!trainer(id).tasks().contains(Task.REGRESSION)) {
            return;
        }
        Synthetic.Data data = Synthetic.regression(1500, 17);
        List<FeatureImportance> importance = trainer(id).fit(data.x(), data.names(), data.target(), null, quick(id), 3)
            .importance();
        assertEquals("x0", importance.get(0).feature(), id + " " + importance);
        assertTrue(importance.get(0).importance() > 0);
    }

    @Test
    void classWeightsRaiseMinorityRecall() {
        // 10% positives with a weak signal: unweighted, the model rarely predicts the minority class
        java.util.Random random = new java.util.Random(5);
        int rows = 3000;
        double[][] x = new double[rows][3];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < 3; j++) {
                x[i][j] = random.nextGaussian();
            }
            y[i] = random.nextDouble() < 1 / (1 + Math.exp(-(x[i][0] - 3))) ? 1 : 0;
        }
        var target = io.meridian.training.engine.data.Target.classification(Task.BINARY, List.of("no", "yes"), y, 1);
        double positives = java.util.Arrays.stream(y).sum();
        double[] weights = new double[rows];
        for (int i = 0; i < rows; i++) {
            weights[i] = y[i] == 1 ? rows / (2 * positives) : rows / (2 * (rows - positives));
        }
        List<String> names = List.of("x0", "x1", "x2");
        double plain = recall(trainer("logistic-regression").fit(x, names, target, null, Map.of(), 1).predict(x), y);
        double weighted = recall(trainer("logistic-regression").fit(x, names, target, weights, Map.of(), 1)
            .predict(x), y);
        assertTrue(weighted > plain + 0.3, "recall " + plain + " -> " + weighted);
    }

    private static double recall(double[][] p, int[] y) {
        int tp = 0;
        int pos = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] == 1) {
                pos++;
                tp += p[i][1] >= 0.5 ? 1 : 0;
            }
        }
        return tp / (double) pos;
    }

    @Test
    void rejectsInvalidHyperparametersNamingThem() {
        Synthetic.Data data = Synthetic.binary(50, 1);
        assertMessage("learningRate must be > 0, got -0.1",
            () -> trainer("logistic-regression").fit(data.x(), data.names(), data.target(), null,
                Map.of("learningRate", "-0.1"), 1));
        assertMessage("eta must be > 0, got 0",
            () -> trainer("xgboost").fit(data.x(), data.names(), data.target(), null, Map.of("eta", "0"), 1));
        assertMessage("maxDepth must be an integer, got 'deep'",
            () -> trainer("xgboost").fit(data.x(), data.names(), data.target(), null, Map.of("maxDepth", "deep"), 1));
        assertMessage("numTrees must be >= 1, got 0",
            () -> trainer("random-forest").fit(data.x(), data.names(), data.target(), null, Map.of("numTrees", "0"),
                1));
        assertMessage("fractionFeaturesInSplit must be < 1, got 1.0",
            () -> trainer("random-forest").fit(data.x(), data.names(), data.target(), null,
                Map.of("fractionFeaturesInSplit", "1.0"), 1));
        assertMessage("optimiser must be one of [adagrad, adam], got 'sgd'",
            () -> trainer("factorization-machine").fit(data.x(), data.names(), data.target(), null,
                Map.of("optimiser", "sgd"), 1));
        assertMessage("unknown hyperparameter 'depth' for xgboost",
            () -> trainer("xgboost").fit(data.x(), data.names(), data.target(), null, Map.of("depth", "3"), 1));
        Synthetic.Data regression = Synthetic.regression(50, 1);
        assertMessage("l1Ratio must be <= 1, got 1.5",
            () -> trainer("linear-regression").fit(regression.x(), regression.names(), regression.target(), null,
                Map.of("l1Ratio", "1.5"), 1));
    }

    @Test
    void rejectsBadInputNamingTheProblem() {
        Synthetic.Data binary = Synthetic.binary(50, 1);
        assertMessage("algorithm linear-regression does not support the task BINARY",
            () -> trainer("linear-regression").fit(binary.x(), binary.names(), binary.target(), null, Map.of(), 1));
        Synthetic.Data regression = Synthetic.regression(50, 1);
        assertMessage("algorithm logistic-regression does not support the task REGRESSION",
            () -> trainer("logistic-regression").fit(regression.x(), regression.names(), regression.target(), null,
                Map.of(), 1));
        double[][] x = binary.x().clone();
        x[3] = x[3].clone();
        x[3][2] = Double.NaN;
        assertMessage("model input column 'x2' has the non-finite value NaN at row 3",
            () -> trainer("xgboost").fit(x, binary.names(), binary.target(), null, Map.of(), 1));
        int[] single = new int[50];
        var oneClass = io.meridian.training.engine.data.Target.classification(Task.BINARY, List.of("no", "yes"),
            single, 1);
        assertMessage("the training rows hold a single class",
            () -> trainer("random-forest").fit(binary.x(), binary.names(), oneClass, null, Map.of(), 1));
        assertMessage("weights must be finite and >= 0, got -1.0 at row 0",
            () -> {
                double[] w = new double[50];
                java.util.Arrays.fill(w, 1);
                w[0] = -1;
                return trainer("logistic-regression").fit(binary.x(), binary.names(), binary.target(), w, Map.of(), 1);
            });
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.ThrowingSupplier<?> call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::get);
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in '" + e.getMessage() + "'");
    }
}
