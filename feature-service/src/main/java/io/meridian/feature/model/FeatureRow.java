package io.meridian.feature.model;

import java.time.Instant;
import java.util.Objects;

import io.meridian.data.v1.Record;

/**
 * One ingested row of a dataset as the feature store keeps it.
 *
 * @param dataset the dataset name
 * @param entityKey the record key (the dataset contract's key column)
 * @param eventTime when the row was ingested; point-in-time reads compare against it
 * @param runId the ingestion run that produced the row (lineage)
 * @param rowNumber 1-based data row in the run's input
 * @param contractVersion the dataset contract version the row was validated against
 * @param values the typed column values
 */
public record FeatureRow(String dataset, String entityKey, Instant eventTime, String runId, long rowNumber,
        int contractVersion, Record values) {

    public FeatureRow {
        Objects.requireNonNull(dataset, "dataset");
        Objects.requireNonNull(entityKey, "entityKey");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(values, "values");
    }

    /** True when this row supersedes {@code other} for the same entity: later event time, then later row. */
    public boolean isNewerOrSameAs(FeatureRow other) {
        int byTime = eventTime.compareTo(other.eventTime);
        return byTime > 0 || byTime == 0 && rowNumber >= other.rowNumber;
    }
}
