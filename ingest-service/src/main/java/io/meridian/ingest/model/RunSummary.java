package io.meridian.ingest.model;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What one ingestion run did, its lineage. Always {@code rowsRead == rowsStored + rowsQuarantined +
 * rowsDeduplicated}; {@code rowsRejected} is the same number as {@code rowsQuarantined} (kept for clients of the
 * first release). {@code rejections} holds the first failed rule of at most the configured number of quarantined
 * records ({@code rejectionsTruncated} says when more exist; the quarantine has every failed rule).
 *
 * @param bytesRead   bytes of input the source reported (0 when it reports none)
 * @param inputSha256 hex SHA-256 of those bytes (null when the source reported no bytes)
 * @param failure     why a FAILED run stopped (null otherwise)
 */
public record RunSummary(String runId, String dataset, int contractVersion, long rowsRead, long rowsStored,
    long rowsRejected, List<Rejection> rejections, boolean rejectionsTruncated, RunStatus status, String source,
    Instant startedAt, Instant endedAt, long rowsDeduplicated, long bytesRead, String inputSha256, String failure) {

    public RunSummary {
        rejections = List.copyOf(rejections);
    }

    /** Records quarantined by this run (= {@code rowsRejected}). */
    @JsonProperty("rowsQuarantined")
    public long rowsQuarantined() {
        return rowsRejected;
    }
}
