package io.meridian.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class RecordJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void writesJsonThatJacksonReadsBackValueForValue() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("text", "quote \" backslash \\ slash / tab \t newline \n cr \r bell \u0007 nul \u0000 del \u007f");
        values.put("unicode", "Zoë ✓ 𝄞 \u2028");
        values.put("long", Long.MIN_VALUE);
        values.put("double", 1.0E-300);
        values.put("big", 1.5E20);
        values.put("negZero", -0.0);
        values.put("flag", false);
        values.put("when", Instant.parse("2024-02-29T12:34:56.789Z"));
        values.put("nothing", null);
        values.put("we\"ird\nname", "x");
        JsonNode node = json.readTree(stored(values, List.of("double", "big")));
        assertEquals(values.get("text"), node.get("text").asText());
        assertEquals(values.get("unicode"), node.get("unicode").asText());
        assertEquals(Long.MIN_VALUE, node.get("long").asLong());
        assertEquals(1.0E-300, node.get("double").asDouble());
        assertEquals(1.5E20, node.get("big").asDouble());
        assertEquals(-0.0, node.get("negZero").asDouble());
        assertEquals(false, node.get("flag").asBoolean());
        assertEquals("2024-02-29T12:34:56.789Z", node.get("when").asText());
        assertEquals(true, node.get("nothing").isNull());
        assertEquals("x", node.get("we\"ird\nname").asText());
        assertEquals(List.of("double", "big"), json.convertValue(node.get(io.meridian.ingest.repository.CopyRows.OUTLIERS), List.class));
        assertEquals(11, node.size());
    }

    @Test
    void randomTextSurvivesTheRoundTrip() throws Exception {
        Random random = new Random(11);
        for (int n = 0; n < 2_000; n++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(60); i > 0; i--) {
                text.appendCodePoint(random.nextInt(4) == 0 ? random.nextInt(0x40) : random.nextInt(0xD000));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("v", text.toString());
            assertEquals(text.toString(), json.readTree(stored(values, List.of())).get("v").asText());
        }
    }

    @Test
    void emptyRecordAndOnlyOutliers() throws Exception {
        assertEquals("{}", stored(Map.of(), List.of()));
        assertEquals(List.of("a"), json.convertValue(json.readTree(stored(Map.of(), List.of("a")))
            .get(io.meridian.ingest.repository.CopyRows.OUTLIERS), List.class));
    }

    @Test
    void refusesValuesThatAreNotJson() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("x", Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> stored(values, List.of()));
    }

    /** The stored JSON text of the values, as the COPY writer writes it. */
    private static String stored(Map<String, Object> values, List<String> outliers) {
        return io.meridian.ingest.repository.CopyRows.plain(64).json(values, outliers).text();
    }
}
