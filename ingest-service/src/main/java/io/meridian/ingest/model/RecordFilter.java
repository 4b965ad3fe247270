package io.meridian.ingest.model;

import java.util.UUID;

/**
 * Which curated records of a dataset to read: those of one ingestion run, those with one record key, both, or
 * all ({@link #ALL}). A key is compared exactly, as stored: for a composite key its parts joined with
 * {@link io.meridian.ingest.service.RecordValidator#KEY_SEPARATOR}.
 *
 * @param runId the run that stored the records, or null for any run
 * @param key the record key, or null for any key
 */
public record RecordFilter(UUID runId, String key) {
    /** Every record of the dataset. */
    public static final RecordFilter ALL = new RecordFilter(null, null);
}
