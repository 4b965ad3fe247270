package io.meridian.inference.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.meridian.data.v1.Value;
import io.meridian.inference.TestModels;
import io.meridian.inference.TestPipeline;
import io.meridian.inference.model.ModelSchema;
import io.meridian.registry.v1.ModelVersion;

/**
 * The serving path without Quarkus: registry metadata -> {@link ModelSchema}, graph validation, encoding and one
 * ONNX Runtime run per batch, compared with a hand computation of each test pipeline.
 */
class GraphRunnerTest {
    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private static final List<OrtSession> SESSIONS = new ArrayList<>();

    @AfterAll
    static void close() throws OrtException {
        for (OrtSession session : SESSIONS) {
            session.close();
        }
    }

    @Test
    void binaryScoresPositiveProbabilityAndTakesTheLabelFromTheGraphsThreshold() throws Exception {
        TestPipeline pipeline = TestModels.CHURN_V1;
        List<Map<String, Object>> rows = List.of(
            row("tenure_months", 3, "monthly_charges", 110.0, "support_calls", 5, "contract", "month-to-month",
                "payment_method", "check"),
            row("tenure_months", 70, "monthly_charges", 20.0, "support_calls", 0, "contract", "two-year",
                "payment_method", "card"),
            row("tenure_months", 30, "support_calls", 2, "contract", "one-year", "payment_method", "bank-transfer"),
            row("tenure_months", 20, "monthly_charges", 70.0, "support_calls", 1, "contract", "one-year",
                "payment_method", "check"));
        List<GraphRunner.Output> outputs = score(pipeline, rows);
        for (int r = 0; r < rows.size(); r++) {
            TestPipeline.Expected expected = pipeline.expected(rows.get(r));
            GraphRunner.Output output = outputs.get(r);
            assertEquals(expected.probabilities()[1], output.score(), 1e-6, "row " + r);
            assertEquals(expected.probabilities()[0], output.probabilities().get("no"), 1e-6);
            assertEquals(expected.probabilities()[1], output.probabilities().get("yes"), 1e-6);
            assertEquals(expected.label(), output.label(), "row " + r);
        }
        assertEquals(List.of("no", "yes"), List.copyOf(outputs.get(0).probabilities().keySet()));
        // the stored threshold is 0.35, not 0.5: P = 0.444 is "yes", P = 0.347 (monthly_charges imputed) is "no"
        assertEquals(0.444, outputs.get(3).score(), 1e-3);
        assertEquals("yes", outputs.get(3).label());
        assertEquals(0.347, outputs.get(2).score(), 1e-3);
        assertEquals("no", outputs.get(2).label());
    }

    @Test
    void multiclassScoresTheProbabilityOfTheArgMaxLabel() throws Exception {
        TestPipeline pipeline = TestModels.SEGMENT_V1;
        List<Map<String, Object>> rows = List.of(row("spend", 50, "visits", 1, "region", "north"),
            row("spend", 520, "region", "east"), row("spend", 1400, "visits", 12, "region", "moon"));
        List<GraphRunner.Output> outputs = score(pipeline, rows);
        List<String> labels = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            TestPipeline.Expected expected = pipeline.expected(rows.get(r));
            GraphRunner.Output output = outputs.get(r);
            assertEquals(expected.label(), output.label());
            int index = List.of("bronze", "silver", "gold").indexOf(expected.label());
            assertEquals(expected.probabilities()[index], output.score(), 1e-6);
            assertEquals(1.0, output.probabilities().values().stream().mapToDouble(Double::doubleValue).sum(), 1e-5);
            labels.add(output.label());
        }
        assertEquals(List.of("bronze", "gold"), List.of(labels.get(0), labels.get(2)),
            "fixture sanity: low spend is bronze, high spend gold");
    }

    @Test
    void regressionScoresTheValueAndHasNoLabel() throws Exception {
        TestPipeline pipeline = TestModels.HOUSING_V1;
        List<Map<String, Object>> rows = List.of(row("sqft", 1500, "rooms", 4, "city", "paris"),
            row("sqft", 800, "city", "nantes"));
        List<GraphRunner.Output> outputs = score(pipeline, rows);
        for (int r = 0; r < rows.size(); r++) {
            double expected = pipeline.expected(rows.get(r)).value();
            assertEquals(expected, outputs.get(r).score(), Math.abs(expected) * 1e-6);
            assertNull(outputs.get(r).label());
            assertTrue(outputs.get(r).probabilities().isEmpty());
        }
    }

    @Test
    void aGraphWhoseInputTypeDiffersFromTheRegistryIsRefused() throws Exception {
        TestPipeline pipeline = TestModels.CHURN_V1;
        ModelVersion version = version(pipeline).toBuilder().setInputs(3,
            pipeline.inputs().get(3).toBuilder().setType("float").clearLevels()).build();
        OrtSession session = session(pipeline);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> GraphRunner.validate(ENV, session, ModelSchema.of(version)));
        assertTrue(e.getMessage().contains("'contract'"), e.getMessage());
    }

    @Test
    void aGraphInputTheRegistryDoesNotDeclareIsRefused() throws Exception {
        TestPipeline pipeline = TestModels.CHURN_V1;
        ModelVersion version = version(pipeline).toBuilder().removeInputs(4).build();
        OrtSession session = session(pipeline);
        IllegalStateException e = assertThrows(IllegalStateException.class,
            () -> GraphRunner.validate(ENV, session, ModelSchema.of(version)));
        assertTrue(e.getMessage().contains("payment_method"), e.getMessage());
    }

    @Test
    void metadataThatCannotBeServedIsRefusedNamingTheTag() {
        ModelVersion noOrder = version(TestModels.CHURN_V1).toBuilder().removeTags("class_order").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSchema.of(noOrder)).getMessage()
            .contains("class_order"));
        ModelVersion badPositive = version(TestModels.CHURN_V1).toBuilder().putTags("positive_class", "maybe")
            .build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSchema.of(badPositive)).getMessage()
            .contains("positive_class"));
        ModelVersion badType = version(TestModels.HOUSING_V1).toBuilder()
            .setInputs(0, TestModels.HOUSING_V1.inputs().get(0).toBuilder().setType("double")).build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSchema.of(badType)).getMessage()
            .contains("'sqft'"));
        ModelVersion badTask = version(TestModels.HOUSING_V1).toBuilder().putTags("task", "ranking").build();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSchema.of(badTask)).getMessage()
            .contains("task"));
    }

    @Test
    void encoderNamesTheFieldAtFault() {
        ModelSchema schema = ModelSchema.of(version(TestModels.CHURN_V1));
        Map<String, Value> ok = values(row("tenure_months", 3, "support_calls", 1, "contract", "one-year",
            "payment_method", "card"));
        Map<String, Value> unseen = new HashMap<>(ok);
        unseen.put("payment_method", Value.newBuilder().setStringValue("bitcoin").build());
        InvalidFeatureException e = assertThrows(InvalidFeatureException.class,
            () -> FeatureEncoder.encode(schema, "churn v1", List.of(ok, unseen), r -> "rows[" + r + "].features."));
        assertEquals("rows[1].features.payment_method", e.field());
        assertTrue(e.getMessage().contains("'bitcoin'"), e.getMessage());

        Map<String, Value> missingRequired = new HashMap<>(ok);
        missingRequired.remove("support_calls");
        e = assertThrows(InvalidFeatureException.class,
            () -> FeatureEncoder.encode(schema, "churn v1", List.of(missingRequired), r -> "features."));
        assertEquals("features.support_calls", e.field());

        Map<String, Value> decimalCategory = new HashMap<>(ok);
        decimalCategory.put("contract", Value.newBuilder().setDoubleValue(1.5).build());
        e = assertThrows(InvalidFeatureException.class,
            () -> FeatureEncoder.encode(schema, "churn v1", List.of(decimalCategory), r -> "features."));
        assertEquals("features.contract", e.field());

        FeatureEncoder.Encoded encoded = FeatureEncoder.encode(schema, "churn v1", List.of(ok), r -> "features.");
        assertTrue(Float.isNaN(((float[]) encoded.columns().get(1))[0]), "missing optional numeric is NaN");
        assertEquals("one-year", ((String[]) encoded.columns().get(3))[0]);
    }

    private static List<GraphRunner.Output> score(TestPipeline pipeline, List<Map<String, Object>> rows)
            throws OrtException {
        ModelSchema schema = ModelSchema.of(version(pipeline));
        OrtSession session = session(pipeline);
        GraphRunner.validate(ENV, session, schema);
        FeatureEncoder.Encoded encoded = FeatureEncoder.encode(schema, "test",
            rows.stream().map(GraphRunnerTest::values).toList(), r -> "rows[" + r + "].features.");
        return GraphRunner.run(ENV, session, schema, encoded);
    }

    private static OrtSession session(TestPipeline pipeline) throws OrtException {
        OrtSession session = ENV.createSession(pipeline.onnx(), new OrtSession.SessionOptions());
        SESSIONS.add(session);
        return session;
    }

    private static ModelVersion version(TestPipeline pipeline) {
        return ModelVersion.newBuilder().setModelName("test").setVersion(1).setFormat("onnx")
            .addAllInputs(pipeline.inputs()).addAllOutputs(pipeline.outputs()).putAllTags(pipeline.tags()).build();
    }

    private static Map<String, Object> row(Object... pairs) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            row.put((String) pairs[i], pairs[i + 1]);
        }
        return row;
    }

    private static Map<String, Value> values(Map<String, Object> row) {
        Map<String, Value> values = new HashMap<>();
        row.forEach((k, v) -> {
            Value.Builder value = Value.newBuilder();
            if (v instanceof Integer i) {
                value.setIntValue(i);
            } else if (v instanceof Double d) {
                value.setDoubleValue(d);
            } else if (v instanceof Boolean b) {
                value.setBoolValue(b);
            } else {
                value.setStringValue(String.valueOf(v));
            }
            values.put(k, value.build());
        });
        return values;
    }
}
