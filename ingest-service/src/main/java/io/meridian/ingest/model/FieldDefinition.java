package io.meridian.ingest.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One column of a dataset contract. Contract v1 only had {@code name}, {@code type} and {@code required}; every
 * other component is optional (null = not declared) and left out of the JSON when absent.
 *
 * @param required      the record must carry a value (after cleansing and defaults)
 * @param nullable      false: an explicit null (or null token) is a violation too; null/true = nulls allowed
 * @param formats       timestamp fields: extra {@link java.time.format.DateTimeFormatter} patterns tried before ISO-8601
 * @param min           smallest allowed number (integer, decimal) or length (string)
 * @param max           largest allowed number (integer, decimal) or length (string)
 * @param pattern       regular expression the whole text value must match (string, enum)
 * @param allowedValues the values allowed (required for {@code enum}; optional for the other types)
 * @param cleansing     field-level cleansing; each setting overrides the contract-level one
 * @param defaultValue  constant used when the value is missing (JSON {@code default})
 * @param impute        {@code mean}, {@code median} or {@code mode} of the dataset's curated data when missing
 * @param outliers      outlier handling for numeric fields
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDefinition(String name, FieldType type, boolean required, Boolean nullable, List<String> formats,
    Double min, Double max, String pattern, List<String> allowedValues, Cleansing cleansing,
    @JsonProperty("default") Object defaultValue, String impute, OutlierRule outliers) {

    /** A v1 field: name, type, required. */
    public FieldDefinition(String name, FieldType type, boolean required) {
        this(name, type, required, null, null, null, null, null, null, null, null, null, null);
    }

    public FieldDefinition {
        formats = formats == null ? null : List.copyOf(formats);
        allowedValues = allowedValues == null ? null : List.copyOf(allowedValues);
    }

    /** Whether an explicit null is acceptable. */
    public boolean acceptsNull() {
        return nullable == null || nullable;
    }

    /** Whether the field's values are numbers. */
    public boolean numeric() {
        return type == FieldType.INTEGER || type == FieldType.DECIMAL;
    }
}
