package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DemoTest {

    @Test
    void featuresFollowTheRegisteredInputTypes() {
        Map<String, String> row = Map.of("customer_id", "C000001", "tenure_months", "24", "monthly_charges", "35.99",
            "contract", "month-to-month", "paperless_billing", "true", "support_calls", "");
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("tenure_months", "float");
        inputs.put("monthly_charges", "float");
        inputs.put("contract", "string");
        inputs.put("paperless_billing", "float");
        inputs.put("support_calls", "float");
        Map<String, Object> features = Demo.features(row, inputs);
        assertEquals(24L, features.get("tenure_months"));
        assertEquals(35.99, features.get("monthly_charges"));
        // a categorical input is sent as its text, never parsed as a number
        assertEquals("month-to-month", features.get("contract"));
        assertEquals(1, features.get("paperless_billing"));
        // an empty cell is left out (optional numeric inputs are imputed in the graph); the key is not an input
        assertEquals(4, features.size());
    }

    @Test
    void aStringInputKeepsNumericLookingText() {
        Map<String, Object> features = Demo.features(Map.of("zip", "01234"), Map.of("zip", "string"));
        assertEquals("01234", features.get("zip"));
    }

    @Test
    void metricLineShowsMeanStdAndBaseline() throws Exception {
        JsonNode job = new ObjectMapper().readTree("""
            {"metrics":{"roc_auc":0.8712},"result":{"metricsStd":{"roc_auc":0.0213},"baseline":{"roc_auc":0.5}}}""");
        assertEquals("roc_auc           0.871 ± 0.021 (baseline 0.500)",
            Demo.metricLine("roc_auc", job.path("metrics"), job.path("result")));
    }

    @Test
    void theDemoJobIsAStratifiedCrossValidatedJobWithATunedThreshold() {
        Map<String, Object> spec = Demo.trainingSpec();
        assertEquals("churn", spec.get("dataset"));
        assertEquals(Map.of("kind", "stratified-kfold", "folds", 5), spec.get("validation"));
        assertEquals(Map.of("objective", "max-f1"), spec.get("threshold"));
    }
}
