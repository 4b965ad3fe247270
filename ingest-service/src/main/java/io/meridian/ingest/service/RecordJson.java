package io.meridian.ingest.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;

/**
 * The JSONB form of a record's values: integers and decimals as JSON numbers, booleans as JSON booleans,
 * strings and timestamps (ISO-8601 instants) as JSON strings, missing values as null. Reading back uses
 * the contract version the record was stored under to restore the types. Fields flagged as outliers are listed
 * under {@code "_outliers"}.
 */
final class RecordJson {
    /** Key of the list of fields flagged as outliers (not a contract field; ignored when reading back). */
    static final String OUTLIERS = "_outliers";

    private RecordJson() {
    }

    static String write(ObjectMapper json, Map<String, Object> values) {
        return write(json, values, List.of());
    }

    /** As {@link #write(ObjectMapper, Map)}, with the fields flagged as outliers in {@code "_outliers"}. */
    static String write(ObjectMapper json, Map<String, Object> values, List<String> outliers) {
        ObjectNode node = json.createObjectNode();
        values.forEach((name, value) -> {
            if (value == null) {
                node.putNull(name);
            } else if (value instanceof String s) {
                node.put(name, s);
            } else if (value instanceof Long l) {
                node.put(name, l);
            } else if (value instanceof Double d) {
                node.put(name, d);
            } else if (value instanceof Boolean b) {
                node.put(name, b);
            } else if (value instanceof Instant i) {
                node.put(name, i.toString());
            } else {
                throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
            }
        });
        if (!outliers.isEmpty()) {
            outliers.forEach(node.putArray(OUTLIERS)::add);
        }
        try {
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write record values", e);
        }
    }

    static Map<String, Object> read(ObjectMapper json, DatasetContract contract, String text) {
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored record values are not JSON", e);
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDefinition f : contract.fields()) {
            JsonNode v = node.get(f.name());
            if (v == null || v.isNull()) {
                values.put(f.name(), null);
                continue;
            }
            values.put(f.name(), switch (f.type()) {
                case STRING, ENUM -> v.asText();
                case INTEGER -> v.asLong();
                case DECIMAL -> v.asDouble();
                case BOOLEAN -> v.asBoolean();
                case TIMESTAMP -> Instant.parse(v.asText());
            });
        }
        return values;
    }
}
