package io.meridian.ingest.model;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The profile of a dataset's curated records, per field of its current contract. */
public record DataProfile(String dataset, int contractVersion, long records, List<FieldProfile> fields) {

    /**
     * One field: {@code count} non-null values, {@code nulls}, {@code distinct} values; numeric fields also
     * min/max/mean/stddev and quantiles p05, p25, p50, p75, p95; timestamps min/max; every field its top values.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldProfile(String name, FieldType type, long count, long nulls, long distinct, Object min,
        Object max, Double mean, Double stddev, Map<String, Double> quantiles, List<ValueCount> topValues) {
    }

    /** A value (as text) and how many records have it. */
    public record ValueCount(String value, long count) {
    }
}
