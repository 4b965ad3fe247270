package io.meridian.ingest.model;

import java.time.Instant;

/** A curated record as read back from the store: its contract version and its values as JSON text. */
public record StoredRecord(long id, String key, int contractVersion, String valuesJson, String runId,
    Instant ingestedAt) {
}
