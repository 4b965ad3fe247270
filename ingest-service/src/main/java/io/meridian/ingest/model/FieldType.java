package io.meridian.ingest.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

/** The column types a dataset contract can declare; the JSON name is the lower-case word. */
public enum FieldType {
    STRING,
    INTEGER,
    DECIMAL,
    BOOLEAN,
    /** An ISO-8601 instant, offset date-time, local date-time (read as UTC) or date (midnight UTC). */
    TIMESTAMP,
    /** A string restricted to the field's {@code allowedValues}. */
    ENUM;

    /** The name used in JSON and error messages. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type with this JSON name, if any. */
    public static Optional<FieldType> fromWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** "string, integer, ..." for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(FieldType::wireName).collect(Collectors.joining(", "));
    }
}
