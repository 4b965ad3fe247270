package io.meridian.ingest.model;

/** One column of a dataset contract. A required field must be present and non-blank in every record. */
public record FieldDefinition(String name, FieldType type, boolean required) {
}
