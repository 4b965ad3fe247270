package io.meridian.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.testing.ChurnData;

/** The committed samples are what the generator makes and what the contract describes, so they cannot drift. */
class SampleDataTest {
    static final Path SAMPLES = Path.of(System.getProperty("meridian.root", "..")).resolve("samples");

    @Test
    void churnCsvIsExactlyTheSeededGeneratorOutput() throws IOException {
        byte[] committed = Files.readAllBytes(SAMPLES.resolve("churn.csv"));
        byte[] generated = ChurnData.csv(2000, 42).getBytes(StandardCharsets.UTF_8);
        assertEquals(generated.length, committed.length, "samples/churn.csv size; regenerate it from ChurnData.csv(2000, 42)");
        assertTrue(java.util.Arrays.equals(generated, committed),
            "samples/churn.csv differs from ChurnData.csv(2000, 42); regenerate it");
    }

    @Test
    void contractDescribesEveryCsvColumnWithKeyAndLabel() throws IOException {
        JsonNode contract = new ObjectMapper().readTree(SAMPLES.resolve("churn.contract.json").toFile());
        Map<String, String> types = new LinkedHashMap<>();
        contract.path("fields").forEach(f -> types.put(f.path("name").asText(), f.path("type").asText()));
        assertEquals(Map.of("customer_id", "string", "tenure_months", "integer", "monthly_charges", "decimal",
            "support_calls", "integer", "contract", "string", "paperless_billing", "boolean", "churned", "boolean"), types);
        assertEquals(String.join(",", types.keySet()), ChurnData.HEADER, "contract fields in CSV column order");
        assertEquals("customer_id", contract.path("key").asText());
        assertEquals("churned", contract.path("label").asText());
        assertTrue(contract.path("fields").get(0).path("required").asBoolean(), "the key is required");
    }
}
