package io.meridian.ingest.model;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One version of a dataset contract: the columns, the key column (identifies a record, never blank) and
 * the optional label column. Versions are immutable; a changed contract is a new version.
 */
public record DatasetContract(String name, int version, List<FieldDefinition> fields, String key, String label,
    Instant createdAt) {

    public DatasetContract {
        fields = List.copyOf(fields);
    }

    /** The field named {@code fieldName}, if the contract has it. */
    public Optional<FieldDefinition> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Whether a record must carry a non-blank value for this field (required fields and the key). */
    public boolean mandatory(FieldDefinition field) {
        return field.required() || field.name().equals(key);
    }

    /** Same columns, key and label: uploading it again does not create a new version. */
    public boolean sameShape(List<FieldDefinition> otherFields, String otherKey, String otherLabel) {
        return fields.equals(otherFields) && key.equals(otherKey)
            && java.util.Objects.equals(label, otherLabel);
    }
}
