package io.meridian.ingest.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.repository.CopyRows;

/**
 * The JSON form of a record's values: integers and decimals as JSON numbers, booleans as JSON booleans,
 * strings and timestamps (ISO-8601 instants) as JSON strings, missing values as null. Reading back uses
 * the contract version the record was stored under to restore the types. Fields flagged as outliers are listed
 * under {@code "_outliers"}. Written by {@link CopyRows} (straight into the COPY stream when records are stored).
 */
final class RecordJson {
    private RecordJson() {
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
