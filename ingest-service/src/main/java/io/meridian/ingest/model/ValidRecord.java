package io.meridian.ingest.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A row that fits its contract: typed values in contract order ({@link String}, {@link Long},
 * {@link Double}, {@link Boolean}, {@link java.time.Instant} or null), the key as text (composite keys
 * joined with {@code |}) and the fields flagged as outliers.
 */
public record ValidRecord(long row, String key, Map<String, Object> values, List<String> outliers) {
    private static final Class<?> UNMODIFIABLE = Collections.unmodifiableMap(new LinkedHashMap<>()).getClass();

    /**
     * {@link FieldValues} or an unmodifiable map are taken as is (the validator hands over a fresh one per row);
     * others are copied.
     */
    public ValidRecord {
        values = values instanceof FieldValues || values.getClass() == UNMODIFIABLE ? values
            : Collections.unmodifiableMap(new LinkedHashMap<>(values));
        outliers = outliers == null ? List.of() : List.copyOf(outliers);
    }

    public ValidRecord(long row, String key, Map<String, Object> values) {
        this(row, key, values, List.of());
    }
}
