package io.meridian.ingest.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    static String write(Map<String, Object> values) {
        return write(values, List.of());
    }

    /**
     * As {@link #write(Map)}, with the fields flagged as outliers in {@code "_outliers"}. Written by
     * hand rather than through a Jackson tree: this runs once per stored record. Numbers are written as Jackson
     * writes them ({@link Long#toString(long)}, {@link Double#toString(double)}; validation never lets NaN or an
     * infinity through), strings with JSON escapes for the quote, the backslash and control characters.
     */
    static String write(Map<String, Object> values, List<String> outliers) {
        StringBuilder out = new StringBuilder(32 + values.size() * 24);
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, Object> field : values.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, field.getKey());
            out.append(':');
            Object value = field.getValue();
            if (value == null) {
                out.append("null");
            } else if (value instanceof String s) {
                string(out, s);
            } else if (value instanceof Long l) {
                out.append(l.longValue());
            } else if (value instanceof Double d) {
                if (d.isNaN() || d.isInfinite()) {
                    throw new IllegalArgumentException("field " + field.getKey() + " is " + d + ", not a JSON number");
                }
                out.append(d.doubleValue());
            } else if (value instanceof Boolean b) {
                out.append(b.booleanValue());
            } else if (value instanceof Instant i) {
                string(out, i.toString());
            } else {
                throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
            }
        }
        if (!outliers.isEmpty()) {
            if (!first) {
                out.append(',');
            }
            string(out, OUTLIERS);
            out.append(":[");
            for (int i = 0; i < outliers.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                string(out, outliers.get(i));
            }
            out.append(']');
        }
        return out.append('}').toString();
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** A JSON string literal: runs of plain characters are appended in bulk. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        int plain = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(s, plain, i);
            plain = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, plain, s.length()).append('"');
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
