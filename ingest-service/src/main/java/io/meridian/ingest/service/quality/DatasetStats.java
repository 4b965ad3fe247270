package io.meridian.ingest.service.quality;

import java.util.Map;

/** Statistics per field of a dataset's curated data, taken once at the start of a run. */
public record DatasetStats(Map<String, FieldStats> fields) {
    public static final DatasetStats NONE = new DatasetStats(Map.of());

    public DatasetStats {
        fields = Map.copyOf(fields);
    }

    /** The stats of a field, or null when none were taken or nothing is stored. */
    public FieldStats of(String field) {
        return fields.get(field);
    }
}
