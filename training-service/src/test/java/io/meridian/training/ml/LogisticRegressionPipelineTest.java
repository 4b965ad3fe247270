package io.meridian.training.ml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.training.ChurnRows;

class LogisticRegressionPipelineTest {
    private static final TrainingParameters PARAMETERS = new TrainingParameters(42, 0.2, 30, 0.1, 0, 20, 1e-5);
    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final LogisticRegressionPipeline pipeline = new LogisticRegressionPipeline(new OnnxScorer(environment));

    private static FeatureTable churn(int rows) {
        return FeatureTable.from("churn", ChurnRows.records(rows, 7), "churned", 20);
    }

    @Test
    void featureTableUsesNumericAndBooleanColumnsAndListsStrings() {
        FeatureTable table = churn(50);
        assertEquals(List.of("monthly_charges", "paperless_billing", "support_calls", "tenure_months"),
            table.featureNames());
        assertEquals(List.of("contract", "customer_id"), table.ignoredFeatures());
        assertEquals("true", table.positiveClass());
        assertEquals("false", table.negativeClass());
        assertEquals(50, table.x().length);
    }

    @Test
    void seededSplitIsReproducibleAndDisjoint() {
        HoldoutSplit a = HoldoutSplit.of(100, 0.2, 42);
        HoldoutSplit b = HoldoutSplit.of(100, 0.2, 42);
        HoldoutSplit c = HoldoutSplit.of(100, 0.2, 43);
        assertArrayEquals(a.train(), b.train());
        assertArrayEquals(a.holdout(), b.holdout());
        assertNotEquals(Arrays.toString(a.holdout()), Arrays.toString(c.holdout()));
        assertEquals(20, a.holdout().length);
        assertEquals(80, a.train().length);
        int[] all = java.util.stream.IntStream.concat(Arrays.stream(a.train()), Arrays.stream(a.holdout()))
            .sorted().toArray();
        assertArrayEquals(java.util.stream.IntStream.range(0, 100).toArray(), all);
    }

    @Test
    void standardisationIsFittedOnTheTrainingRowsOnly() {
        double[][] x = {{1}, {3}, {1000}, {-1000}};
        Standardiser s = Standardiser.fit(x, new int[] {0, 1});
        assertEquals(2.0, s.mean()[0], 1e-12);
        assertEquals(1.0, s.std()[0], 1e-12);
        assertEquals(998.0, s.apply(new double[] {1000})[0], 1e-12);
    }

    @Test
    void pipelineStandardisesWithTrainingSplitStatistics() {
        FeatureTable table = churn(400);
        TrainingResult result = pipeline.run(table, PARAMETERS, (p, m) -> { });
        int column = table.featureNames().indexOf("tenure_months");
        int input = result.inputs().indexOf("tenure_months");
        double[] values = Arrays.stream(result.split().train()).mapToDouble(i -> table.x()[i][column]).toArray();
        double mean = Arrays.stream(values).average().orElseThrow();
        assertEquals(mean, result.standardiser().mean()[input], 1e-9);
        double all = Arrays.stream(table.x()).mapToDouble(r -> r[column]).average().orElseThrow();
        assertNotEquals(all, result.standardiser().mean()[input], 1e-9);
    }

    @Test
    void logisticRegressionOnChurnHasRealSignalAndOnnxParity() throws Exception {
        TrainingResult result = pipeline.run(churn(1000), PARAMETERS, (p, m) -> { });
        double auc = result.metrics().get("roc_auc");
        assertTrue(auc > 0.7, "roc_auc " + auc);
        assertTrue(result.metrics().get("accuracy") >= result.metrics().get("baseline_accuracy") - 0.02,
            result.metrics().toString());
        assertTrue(result.parityMaxAbsDiff() <= 1e-5, "parity " + result.parityMaxAbsDiff());
        System.getLogger("test").log(System.Logger.Level.INFO, "metrics " + result.metrics());

        // the exported graph, loaded independently: input "features", output probabilities [N, 2]
        FeatureTable table = churn(1000);
        int[] holdout = result.split().holdout();
        float[][] rows = new float[holdout.length][result.inputs().size()];
        for (int h = 0; h < holdout.length; h++) {
            for (int k = 0; k < rows[h].length; k++) {
                rows[h][k] = (float) table.x()[holdout[h]][table.featureNames().indexOf(result.inputs().get(k))];
            }
        }
        try (OrtSession session = environment.createSession(result.onnx());
             OnnxTensor input = OnnxTensor.createTensor(environment, rows);
             OrtSession.Result out = session.run(Map.of("features", input))) {
            float[][] probabilities = (float[][]) out.get("probabilities").orElseThrow().getValue();
            double max = 0;
            for (int h = 0; h < holdout.length; h++) {
                assertEquals(1.0, probabilities[h][0] + probabilities[h][1], 1e-5);
                max = Math.max(max, Math.abs(probabilities[h][1] - result.holdoutScores()[h]));
            }
            assertTrue(max <= 1e-5, "max diff " + max);
        }
    }

    @Test
    void sameSeedSameModel() {
        TrainingResult a = pipeline.run(churn(300), PARAMETERS, (p, m) -> { });
        TrainingResult b = pipeline.run(churn(300), PARAMETERS, (p, m) -> { });
        assertArrayEquals(a.holdoutScores(), b.holdoutScores());
        TrainingParameters l2 = new TrainingParameters(42, 0.2, 30, 0.1, 0.5, 20, 1e-5);
        TrainingResult c = pipeline.run(churn(300), l2, (p, m) -> { });
        assertFalse(Arrays.equals(a.holdoutScores(), c.holdoutScores()));
    }

    @Test
    void badDataFailsWithAReason() {
        assertThrows(TrainingFailure.class, () -> FeatureTable.from("d", List.of(), "churned", 20));
        List<Record> constant = ChurnRows.records(50, 1).stream()
            .map(r -> r.toBuilder().putFields("churned", Value.newBuilder().setBoolValue(true).build()).build())
            .toList();
        TrainingFailure single = assertThrows(TrainingFailure.class,
            () -> FeatureTable.from("d", constant, "churned", 20));
        assertTrue(single.getMessage().contains("single class"), single.getMessage());
        TrainingFailure missing = assertThrows(TrainingFailure.class,
            () -> FeatureTable.from("d", ChurnRows.records(50, 1), "nope", 20));
        assertTrue(missing.getMessage().contains("'nope'"), missing.getMessage());
        TrainingFailure few = assertThrows(TrainingFailure.class,
            () -> FeatureTable.from("d", ChurnRows.records(10, 1), "churned", 20));
        assertTrue(few.getMessage().contains("10 labelled rows"), few.getMessage());
        List<Record> stringsOnly = ChurnRows.records(50, 1).stream()
            .map(r -> Record.newBuilder().putFields("contract", r.getFieldsOrThrow("contract"))
                .putFields("churned", r.getFieldsOrThrow("churned")).build())
            .toList();
        TrainingFailure noNumeric = assertThrows(TrainingFailure.class,
            () -> FeatureTable.from("d", stringsOnly, "churned", 20));
        assertTrue(noNumeric.getMessage().contains("no numeric feature"), noNumeric.getMessage());
    }

    @Test
    void aucOfKnownScores() {
        assertEquals(1.0, BinaryMetrics.rocAuc(new boolean[] {false, false, true, true}, new double[] {.1, .2, .3, .4}));
        assertEquals(0.5, BinaryMetrics.rocAuc(new boolean[] {false, true}, new double[] {.5, .5}));
        assertEquals(0.75, BinaryMetrics.rocAuc(new boolean[] {false, true, false, true}, new double[] {.1, .2, .3, .4}));
    }
}
