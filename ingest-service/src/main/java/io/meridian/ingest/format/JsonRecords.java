package io.meridian.ingest.format;

import java.io.IOException;
import java.io.StringWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * Reads one JSON object (a record) token by token from a streaming parser: top-level members become fields
 * (strings, {@link Long} integers, {@link Double} numbers, {@link Boolean}s, null; a nested object or array
 * becomes its compact JSON text), and the record's text is kept as its payload. The record's size (in input
 * characters, or bytes for byte input) and
 * nesting depth are checked as it streams by; a record over a limit is skipped to its end and comes back
 * with the reason, so the next record can be read.
 */
final class JsonRecords {
    /** The fields and payload of one record, or the reason it cannot be used. */
    record Parsed(Map<String, Object> fields, String payload, String field, String error) {
    }

    private JsonRecords() {
    }

    /** A factory whose string values are bounded by the record limit (nesting is checked per record). */
    static JsonFactory factory(ReadLimits limits) {
        return JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength(Math.max(limits.maxRecordChars(), 1024))
                .maxNumberLength(1000)
                .build())
            .build();
    }

    /** Reads the object whose START_OBJECT is the parser's current token, up to and including its END_OBJECT. */
    static Parsed readObject(JsonParser p, JsonFactory factory, ReadLimits limits) throws IOException {
        StringWriter payload = new StringWriter();
        Map<String, Object> fields = new LinkedHashMap<>();
        String error = null;
        String errorField = "";
        String name = null;
        StringWriter nestedText = null;
        JsonGenerator nested = null;
        int depth = 1;
        long start = offset(p.currentTokenLocation());
        try (JsonGenerator g = factory.createGenerator(payload)) {
            g.copyCurrentEvent(p);
            while (depth > 0) {
                JsonToken t = p.nextToken();
                if (t == null) {
                    throw new JsonParseException(p, "the input ends inside a record (unclosed object)");
                }
                if (t.isStructStart()) {
                    depth++;
                } else if (t.isStructEnd()) {
                    depth--;
                }
                if (error != null) {
                    continue;
                }
                if (depth > limits.maxDepth()) {
                    error = "the record is nested deeper than " + limits.maxDepth() + " levels";
                    errorField = name == null ? "" : name;
                    continue;
                }
                g.copyCurrentEvent(p);
                if (nested != null) {
                    nested.copyCurrentEvent(p);
                    if (depth == 1) {
                        nested.close();
                        fields.put(name, nestedText.toString());
                        nested = null;
                    }
                } else if (depth == 2 && t.isStructStart()) {
                    nestedText = new StringWriter();
                    nested = factory.createGenerator(nestedText);
                    nested.copyCurrentEvent(p);
                } else if (depth == 1 && t == JsonToken.FIELD_NAME) {
                    name = p.currentName();
                    if (fields.containsKey(name)) {
                        error = "the field '" + name + "' appears twice in the record";
                        errorField = name;
                    }
                } else if (depth == 1 && t.isScalarValue()) {
                    fields.put(name, scalar(p, t));
                }
                if (offset(p.currentLocation()) - start > limits.maxRecordChars()) {
                    error = "the record is longer than the limit of " + limits.maxRecordChars() + " characters";
                    errorField = "";
                }
            }
            g.flush();
        } finally {
            if (nested != null) {
                nested.close();
            }
        }
        String text = payload.toString();
        if (error != null) {
            return new Parsed(Map.of(), text.length() > limits.maxRecordChars()
                ? text.substring(0, limits.maxRecordChars()) : text, errorField, error);
        }
        return new Parsed(fields, text, null, null);
    }

    /** Where the parser is in its input: chars for text input, bytes for byte input. */
    private static long offset(JsonLocation location) {
        return Math.max(location.getCharOffset(), location.getByteOffset());
    }

    private static Object scalar(JsonParser p, JsonToken t) throws IOException {
        return switch (t) {
            case VALUE_STRING -> p.getText();
            case VALUE_NUMBER_INT -> p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                ? p.getText() : (Object) p.getLongValue();
            case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
            case VALUE_TRUE -> Boolean.TRUE;
            case VALUE_FALSE -> Boolean.FALSE;
            case VALUE_NULL -> null;
            default -> p.getText();
        };
    }

    /** A parse error as a sentence with line and column. */
    static String describe(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "malformed JSON" + where + ": " + e.getOriginalMessage();
    }
}
