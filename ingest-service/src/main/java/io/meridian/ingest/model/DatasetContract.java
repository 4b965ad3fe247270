package io.meridian.ingest.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One version of a dataset contract: the fields, the key (one field or several: a composite key; never blank),
 * the optional label, the contract-level cleansing, deduplication, cross-field rules and retention period.
 * Versions are immutable; a changed contract is a new version. JSON: {@code key} is a string for a single key
 * and an array for a composite one; absent options are left out.
 *
 * @param rules     cross-field rules such as {@code end >= start} or {@code total == sum(a, b)}
 * @param retention ISO-8601 period/duration ({@code P30D}, {@code PT12H}) after which curated and quarantined
 *                  records are deleted; null keeps them forever
 */
@JsonPropertyOrder({"name", "version", "fields", "key", "label", "cleansing", "deduplicate", "rules", "retention",
    "createdAt"})
public record DatasetContract(String name, int version, List<FieldDefinition> fields,
    @JsonIgnore List<String> keyFields, String label,
    @JsonInclude(JsonInclude.Include.NON_NULL) Cleansing cleansing,
    @JsonInclude(JsonInclude.Include.NON_NULL) Deduplication deduplicate,
    @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> rules,
    @JsonInclude(JsonInclude.Include.NON_NULL) String retention,
    Instant createdAt) {

    public DatasetContract {
        fields = List.copyOf(fields);
        keyFields = List.copyOf(keyFields);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** A v1 contract: fields, one key field, label. */
    public DatasetContract(String name, int version, List<FieldDefinition> fields, String key, String label,
        Instant createdAt) {
        this(name, version, fields, List.of(key), label, null, null, List.of(), null, createdAt);
    }

    /** The key field names joined with ',' (the single key field for most contracts). */
    public String key() {
        return String.join(",", keyFields);
    }

    /** JSON {@code key}: a string for one key field, an array for a composite key. */
    @JsonProperty("key")
    public Object keyJson() {
        return keyFields.size() == 1 ? keyFields.get(0) : keyFields;
    }

    /** The field named {@code fieldName}, if the contract has it. */
    public Optional<FieldDefinition> field(String fieldName) {
        return fields.stream().filter(f -> f.name().equals(fieldName)).findFirst();
    }

    /** Whether a record must carry a non-blank value for this field (required fields and the key fields). */
    public boolean mandatory(FieldDefinition field) {
        return field.required() || keyFields.contains(field.name());
    }

    /** Same definition apart from name, version and creation time: putting it again creates no new version. */
    public boolean sameShape(DatasetContract other) {
        return fields.equals(other.fields) && keyFields.equals(other.keyFields) && Objects.equals(label, other.label)
            && Objects.equals(cleansing, other.cleansing) && Objects.equals(deduplicate, other.deduplicate)
            && rules.equals(other.rules) && Objects.equals(retention, other.retention);
    }
}
