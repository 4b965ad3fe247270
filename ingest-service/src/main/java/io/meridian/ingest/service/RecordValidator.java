package io.meridian.ingest.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.Rejection;
import io.meridian.ingest.model.ValidRecord;

/**
 * The one validation path for every input (CSV rows and gRPC records): each contract field is coerced to
 * its type, mandatory fields (required ones and the key) must be present and non-blank, fields the
 * contract does not know are ignored. A row is rejected at its first failing field.
 */
public final class RecordValidator {
    private RecordValidator() {
    }

    /** Either a valid record or the rejection of the row. */
    public record Outcome(ValidRecord record, Rejection rejection) {
        public boolean valid() {
            return record != null;
        }
    }

    /**
     * @param row 1-based data row number
     * @param raw raw values by field name: text, or typed ({@link Long}, {@link Double}, {@link Boolean},
     *     {@link Instant}); absent, null or blank means missing
     */
    public static Outcome validate(DatasetContract contract, long row, Map<String, ?> raw) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (FieldDefinition field : contract.fields()) {
            Object value = raw.get(field.name());
            if (ValueCoercion.isMissing(value)) {
                if (contract.mandatory(field)) {
                    String what = field.name().equals(contract.key()) ? "the key field" : "a required field";
                    return reject(row, field.name(), "value is missing; " + field.name() + " is " + what);
                }
                values.put(field.name(), null);
                continue;
            }
            try {
                values.put(field.name(), ValueCoercion.coerce(field.type(), value));
            } catch (IllegalArgumentException e) {
                return reject(row, field.name(), e.getMessage());
            }
        }
        Object key = values.get(contract.key());
        return new Outcome(new ValidRecord(row, String.valueOf(key), values), null);
    }

    private static Outcome reject(long row, String field, String reason) {
        return new Outcome(null, new Rejection(row, field, reason));
    }
}
