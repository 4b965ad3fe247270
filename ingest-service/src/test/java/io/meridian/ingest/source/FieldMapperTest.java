package io.meridian.ingest.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class FieldMapperTest {
    private final ObjectMapper json = new ObjectMapper();

    private ObjectNode obj(String text) throws Exception {
        return (ObjectNode) json.readTree(text);
    }

    @Test
    void mapsRenamePathsConstantsTimestampsAndTopicSegments() throws Exception {
        FieldMapper mapper = FieldMapper.parse(obj("""
            {"order_id":"id","customer":"customer.id","sku":"$.items[1].sku","channel":{"constant":"shop-eu"},
             "qty":{"constant":3},"updated_at":{"timestamp":"epochMillis","path":"ts"},
             "created":{"timestamp":"epochSeconds","path":"meta.created"},"read_at":{"timestamp":"now"},
             "device_id":{"topicSegment":1},"amount":{"path":"total"}}"""));
        JsonNode input = obj("""
            {"id":7,"customer":{"id":"c-1"},"items":[{"sku":"a"},{"sku":"b"}],"ts":1700000000123,
             "meta":{"created":"1700000000"},"total":12.50,"extra":true}""");
        Instant before = Instant.now();
        Map<String, String> out = mapper.map(input, "devices/d-9/telemetry");
        assertEquals("7", out.get("order_id"));
        assertEquals("c-1", out.get("customer"));
        assertEquals("b", out.get("sku"));
        assertEquals("shop-eu", out.get("channel"));
        assertEquals("3", out.get("qty"));
        assertEquals("2023-11-14T22:13:20.123Z", out.get("updated_at"));
        assertEquals("2023-11-14T22:13:20Z", out.get("created"));
        assertTrue(!Instant.parse(out.get("read_at")).isBefore(before.minusMillis(1)));
        assertEquals("d-9", out.get("device_id"));
        assertEquals("12.5", out.get("amount"));
        assertEquals("true", out.get("extra"), "unmapped top-level fields pass under their own name");
    }

    @Test
    void absentPathsAreNullAndEmptyMappingPassesEverything() throws Exception {
        Map<String, String> out = FieldMapper.parse(null).map(obj("{\"a\":\"x\",\"b\":null,\"c\":[1,2]}"), null);
        assertEquals("x", out.get("a"));
        assertNull(out.get("b"));
        assertEquals("[1,2]", out.get("c"));
        assertNull(FieldMapper.parse(obj("{\"z\":\"no.such[3]\"}")).map(obj("{}"), null).get("z"));
    }

    @Test
    void aRecordThatCannotBeMappedNamesTheFieldAndReason() throws Exception {
        FieldMapper mapper = FieldMapper.parse(obj("{\"updated_at\":{\"timestamp\":\"epochSeconds\",\"path\":\"ts\"},"
            + "\"device_id\":{\"topicSegment\":4}}"));
        FieldMapper.MappingException e = assertThrows(FieldMapper.MappingException.class,
            () -> mapper.map(obj("{\"ts\":\"yesterday\"}"), "a/b"));
        assertEquals("updated_at", e.field());
        assertTrue(e.getMessage().contains("yesterday"), e.getMessage());
        FieldMapper.MappingException noSegment = assertThrows(FieldMapper.MappingException.class,
            () -> mapper.map(obj("{\"ts\":1}"), "a/b"));
        assertEquals("device_id", noSegment.field());
    }

    @Test
    void invalidMappingsAreConfigErrorsNamingTheField() throws Exception {
        for (String bad : List.of("{\"x\":5}", "{\"x\":{}}", "{\"x\":{\"timestamp\":\"tomorrow\"}}",
            "{\"x\":{\"timestamp\":\"epochMillis\"}}", "{\"x\":{\"topicSegment\":-1}}", "{\"x\":\"a..b\"}",
            "{\"x\":{\"constant\":[1]}}")) {
            ConfigException e = assertThrows(ConfigException.class, () -> FieldMapper.parse(obj(bad)), bad);
            assertEquals("mapping.x", e.field(), bad);
        }
    }

    @Test
    void literalCredentialsAreRefused() throws Exception {
        for (String bad : List.of("{\"password\":\"hunter2\"}", "{\"apiToken\":\"abc\"}",
            "{\"url\":\"jdbc:postgresql://h/db?user=u&password=p\"}", "{\"url\":\"http://u:p@host/x\"}",
            "{\"properties\":{\"sasl.jaas.config\":\"org...\"}}")) {
            assertThrows(ConfigException.class, () -> SourceConfig.refuseLiteralSecrets(obj(bad), "config"), bad);
        }
        SourceConfig.refuseLiteralSecrets(obj("{\"passwordEnv\":\"DB_PW\",\"user\":\"app\",\"url\":\"jdbc:x\","
            + "\"headers\":{\"Authorization\":{\"env\":\"TOKEN\",\"prefix\":\"Bearer \"}}}"), "config");
        ConfigException header = assertThrows(ConfigException.class,
            () -> new SourceConfig(obj("{\"headers\":{\"Authorization\":\"Bearer abc\"}}")).object("headers").envValues());
        assertEquals("config.headers.Authorization", header.field());
        ConfigException env = assertThrows(ConfigException.class,
            () -> new SourceConfig(obj("{\"passwordEnv\":\"not a name!\"}")).envName("passwordEnv", true));
        assertEquals("config.passwordEnv", env.field());
    }

    @Test
    void secretsAreResolvedAndScrubbed() {
        System.setProperty("FIELD_MAPPER_TEST_SECRET", "p4ss-w0rd");
        Secrets secrets = new Secrets();
        assertEquals("p4ss-w0rd", secrets.resolve("FIELD_MAPPER_TEST_SECRET"));
        assertEquals("auth failed for **** at host", secrets.scrub("auth failed for p4ss-w0rd at host"));
        ConfigException unset = assertThrows(ConfigException.class, () -> secrets.resolve("NO_SUCH_VARIABLE_X1"));
        assertTrue(unset.getMessage().contains("NO_SUCH_VARIABLE_X1"));
    }

    @Test
    void splitsCsvLines() {
        assertEquals(List.of("a", "b,c", "d\"e", ""), CsvLine.split("a,\"b,c\",\"d\"\"e\",", ','));
        assertEquals(List.of("x", "y"), CsvLine.split("x;y\n", ';'));
        assertThrows(IllegalArgumentException.class, () -> CsvLine.split("a,\"b", ','));
        assertThrows(IllegalArgumentException.class, () -> CsvLine.split("a,\"b\"c", ','));
    }
}
