package io.meridian.training.engine.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import ai.onnx.proto.OnnxMl.ModelProto;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.Algorithms;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.TrainedModel;
import io.meridian.training.engine.onnx.RawData.Combo;
import io.meridian.training.engine.prep.FittedPreprocessor;

class OnnxPipelineExporterTest {
    private static final double TOLERANCE = 1e-5;
    private static final Algorithms ALGORITHMS = new Algorithms();
    private static final OnnxPipelineExporter EXPORTER = new OnnxPipelineExporter();
    private static final OrtScorer SCORER = new OrtScorer();
    private static final RawData TRAIN = RawData.generate(700, 21, false);
    private static final RawData TEST = RawData.generate(260, 22, true);

    @AfterAll
    static void close() {
        SCORER.close();
    }

    static Map<String, String> quick(String algorithm) {
        return switch (algorithm) {
            case "xgboost" -> Map.of("numTrees", "30", "maxDepth", "4");
            case "random-forest" -> Map.of("numTrees", "25", "maxDepth", "8");
            case "factorization-machine", "logistic-regression" -> Map.of("epochs", "8", "learningRate", "0.05");
            default -> Map.of();
        };
    }

    static Stream<Arguments> everyAlgorithmTaskAndCombo() {
        List<Arguments> out = new ArrayList<>();
        for (ModelTrainer trainer : ALGORITHMS.all()) {
            for (Task task : trainer.tasks().stream().sorted().toList()) {
                for (Combo combo : Combo.values()) {
                    out.add(Arguments.of(trainer.id(), task, combo));
                }
            }
        }
        return out.stream();
    }

    private record Fitted(FittedPreprocessor prep, TrainedModel model) {
    }

    private static Fitted fit(String algorithm, Task task, Combo combo) {
        FittedPreprocessor prep = RawData.fit(TRAIN.frame, combo);
        double[][] x = TestTransform.apply(prep, TRAIN.frame);
        TrainedModel model = ALGORITHMS.find(algorithm).orElseThrow()
            .fit(x, prep.outputNames(), TRAIN.target(task), null, quick(algorithm), 17);
        return new Fitted(prep, model);
    }

    private static ExportOptions options(double threshold) {
        return new ExportOptions("churn", 3, threshold, Map.of("meridian.algorithm", "test"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("everyAlgorithmTaskAndCombo")
    void onnxAgreesWithTheJavaPipeline(String algorithm, Task task, Combo combo) {
        Fitted fitted = fit(algorithm, task, combo);
        double threshold = task == Task.BINARY ? 0.35 : Double.NaN;
        byte[] onnx = EXPORTER.export(fitted.prep(), fitted.model(), options(threshold));

        Frame rows = TEST.frame;
        double[][] java = fitted.model().predict(TestTransform.apply(fitted.prep(), rows));
        double[][] ort = SCORER.score(onnx, rows);
        assertEquals(java.length, ort.length);
        double max = 0;
        for (int i = 0; i < java.length; i++) {
            assertEquals(java[i].length, ort[i].length);
            for (int k = 0; k < java[i].length; k++) {
                max = Math.max(max, Math.abs(java[i][k] - ort[i][k]));
            }
        }
        assertTrue(max <= TOLERANCE, algorithm + " " + task + " " + combo + ": max |ONNX - Java| = " + max);

        if (task.isClassification()) {
            String[] labels = SCORER.labels(onnx, rows);
            List<String> classes = fitted.model().classes();
            int mismatches = 0;
            for (int i = 0; i < java.length; i++) {
                String expected;
                if (task == Task.BINARY) {
                    if (Math.abs(java[i][1] - threshold) < 1e-6) {
                        continue; // on the threshold itself float and double may decide differently
                    }
                    expected = java[i][1] >= threshold ? "yes" : "no";
                } else {
                    int best = 0;
                    for (int k = 1; k < classes.size(); k++) {
                        best = java[i][k] > java[i][best] ? k : best;
                    }
                    expected = classes.get(best);
                }
                mismatches += expected.equals(labels[i]) ? 0 : 1;
            }
            assertEquals(0, mismatches, "labels differing from the Java decision");
        }
    }

    /**
     * House-price-like targets (around 300,000): the float {@code value} output cannot be within 1e-5 of the Java
     * double in absolute terms (a float's spacing there is 0.03), so parity on large targets is relative.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("regressionAlgorithms")
    void regressionParityIsRelativeOnLargeTargets(String algorithm) {
        double[] prices = TRAIN.regression.values().clone();
        for (int i = 0; i < prices.length; i++) {
            prices[i] = 300_000 + 40_000 * prices[i];
        }
        FittedPreprocessor prep = RawData.fit(TRAIN.frame, Combo.IMPUTE_INDICATORS_STANDARD);
        TrainedModel model = ALGORITHMS.find(algorithm).orElseThrow().fit(TestTransform.apply(prep, TRAIN.frame),
            prep.outputNames(), io.meridian.training.engine.data.Target.regression(prices), null, quick(algorithm),
            17);
        byte[] onnx = EXPORTER.export(prep, model, options(Double.NaN));
        double[][] java = model.predict(TestTransform.apply(prep, TEST.frame));
        double[][] ort = SCORER.score(onnx, TEST.frame);
        double relative = 0;
        for (int i = 0; i < java.length; i++) {
            assertTrue(java[i][0] > 50_000 && java[i][0] < 600_000, "a price-like prediction: " + java[i][0]);
            relative = Math.max(relative, Math.abs(java[i][0] - ort[i][0]) / Math.abs(java[i][0]));
        }
        assertTrue(relative <= TOLERANCE, algorithm + ": max relative |ONNX - Java| = " + relative);
    }

    static Stream<String> regressionAlgorithms() {
        return ALGORITHMS.all().stream().filter(t -> t.tasks().contains(Task.REGRESSION)).map(ModelTrainer::id);
    }

    @Test
    void theThresholdDecidesTheBinaryLabel() {
        Fitted fitted = fit("logistic-regression", Task.BINARY, Combo.IMPUTE_INDICATORS_STANDARD);
        double[][] java = fitted.model().predict(TestTransform.apply(fitted.prep(), TEST.frame));
        long previous = Long.MAX_VALUE;
        for (double threshold : new double[] {0.2, 0.5, 0.8}) {
            String[] labels = SCORER.labels(EXPORTER.export(fitted.prep(), fitted.model(), options(threshold)),
                TEST.frame);
            long positives = Stream.of(labels).filter("yes"::equals).count();
            long expected = Stream.of(java).filter(p -> p[1] >= threshold).count();
            assertEquals(expected, positives, "threshold " + threshold);
            assertTrue(positives < previous, "a higher threshold gives fewer positives");
            previous = positives;
        }
        assertTrue(previous > 0, "the signal gives some confident positives");
    }

    @Test
    void unseenAndMissingCategoriesEncodeAsTheJavaTransformSays() {
        Fitted fitted = fit("logistic-regression", Task.BINARY, Combo.IMPUTE_INDICATORS_STANDARD);
        String[] plan = {"platinum", null, "", "premium"};
        String[] region = {"north", "", null, "atlantis"};
        Frame rows = Frame.builder(4).numeric("age", new double[] {30, Double.NaN, 50, 41})
            .numeric("income", new double[] {Double.NaN, 40_000, 90_000, 52_000})
            .numeric("tenure", new double[] {3, 60, 12, 30}).categorical("plan", plan).categorical("region", region)
            .build();
        double[][] x = TestTransform.apply(fitted.prep(), rows);
        // row 0: unseen plan -> all plan columns (after scaling: unscaled one-hot) zero
        List<String> names = fitted.prep().outputNames();
        for (int j = 0; j < names.size(); j++) {
            if (names.get(j).startsWith("plan=")) {
                assertEquals(0.0, x[0][j], names.get(j));
                // rows 1 and 2: a missing plan (null or "") takes the fill, the most frequent level
                assertEquals(names.get(j).equals("plan=" + fitted.prep().categorical().get(0).fill()) ? 1.0 : 0.0,
                    x[1][j], names.get(j));
                assertEquals(x[1][j], x[2][j], names.get(j));
            }
        }
        byte[] onnx = EXPORTER.export(fitted.prep(), fitted.model(), options(0.5));
        double[][] java = fitted.model().predict(x);
        double[][] ort = SCORER.score(onnx, rows);
        for (int i = 0; i < 4; i++) {
            for (int k = 0; k < 2; k++) {
                assertEquals(java[i][k], ort[i][k], TOLERANCE, "row " + i);
            }
        }
    }

    @Test
    void theGraphHasTheContractedInputsOutputsAndMetadata() throws Exception {
        Fitted fitted = fit("xgboost", Task.MULTICLASS, Combo.STANDARD_PCA);
        byte[] onnx = EXPORTER.export(fitted.prep(), fitted.model(), new ExportOptions("segments", 7, Double.NaN,
            Map.of("meridian.model", "segments", "meridian.seed", "17")));
        ModelProto proto = ModelProto.parseFrom(onnx);
        assertEquals(7, proto.getModelVersion());
        assertEquals("segments", proto.getGraph().getName());
        assertEquals(List.of("age", "income", "tenure", "plan", "region"),
            proto.getGraph().getInputList().stream().map(v -> v.getName()).toList());
        assertEquals(List.of(1, 1, 1, 8, 8), proto.getGraph().getInputList().stream()
            .map(v -> v.getType().getTensorType().getElemType()).toList());
        assertEquals(List.of("label", "probabilities"),
            proto.getGraph().getOutputList().stream().map(v -> v.getName()).toList());
        assertEquals(Map.of("meridian.model", "segments", "meridian.seed", "17"),
            proto.getMetadataPropsList().stream().collect(java.util.stream.Collectors.toMap(e -> e.getKey(),
                e -> e.getValue())));
        assertTrue(proto.getGraph().getNodeList().stream()
            .anyMatch(n -> n.getOpType().equals("TreeEnsembleClassifier")));
        String[] labels = SCORER.labels(onnx, TEST.frame);
        assertTrue(Stream.of(labels).allMatch(fitted.model().classes()::contains));

        Fitted regression = fit("linear-regression", Task.REGRESSION, Combo.RAW_CAPPED_LEVELS);
        ModelProto value = ModelProto.parseFrom(EXPORTER.export(regression.prep(), regression.model(),
            options(Double.NaN)));
        assertEquals(List.of("value"), value.getGraph().getOutputList().stream().map(v -> v.getName()).toList());
        assertThrows(IllegalArgumentException.class, () -> SCORER.labels(
            EXPORTER.export(regression.prep(), regression.model(), options(Double.NaN)), TEST.frame));
    }

    @Test
    void rejectsWhatItCannotWrite() {
        Fitted fitted = fit("random-forest", Task.BINARY, Combo.RAW_CAPPED_LEVELS);
        FittedPreprocessor other = RawData.fit(TRAIN.frame, Combo.IMPUTE_INDICATORS_STANDARD);
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
            () -> EXPORTER.export(other, fitted.model(), options(0.5)));
        assertTrue(mismatch.getMessage().contains("are not the model's input columns"), mismatch.getMessage());
        IllegalArgumentException threshold = assertThrows(IllegalArgumentException.class,
            () -> EXPORTER.export(fitted.prep(), fitted.model(), options(1.5)));
        assertEquals("threshold must be in [0, 1], got 1.5", threshold.getMessage());

        TrainedModel foreign = new TrainedModel() {
            public String algorithm() { return "foreign"; }
            public Task task() { return Task.REGRESSION; }
            public List<String> classes() { return List.of(); }
            public List<String> inputNames() { return fitted.model().inputNames(); }
            public double[][] predict(double[][] x) { return new double[x.length][1]; }
            public List<io.meridian.training.engine.model.FeatureImportance> importance() { return List.of(); }
            public Map<String, String> hyperparameters() { return Map.of(); }
            public String provenanceJson() { return "{}"; }
        };
        assertThrows(UnsupportedOperationException.class, () -> EXPORTER.export(fitted.prep(), foreign,
            options(Double.NaN)));
    }

    @Test
    void scorerNamesAMissingInputColumn() {
        Fitted fitted = fit("logistic-regression", Task.BINARY, Combo.RAW_CAPPED_LEVELS);
        byte[] onnx = EXPORTER.export(fitted.prep(), fitted.model(), options(0.5));
        Frame partial = TEST.frame.select(List.of("age", "income", "tenure", "plan"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SCORER.score(onnx, partial));
        assertEquals("the rows have no column 'region', an input of the graph", e.getMessage());
    }
}
