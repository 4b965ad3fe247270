package io.meridian.ingest.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A row that fits its contract: typed values in contract order ({@link String}, {@link Long},
 * {@link Double}, {@link Boolean}, {@link java.time.Instant} or null) and the key as text.
 */
public record ValidRecord(long row, String key, Map<String, Object> values) {
    public ValidRecord {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }
}
