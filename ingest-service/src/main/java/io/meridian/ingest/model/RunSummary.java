package io.meridian.ingest.model;

import java.time.Instant;
import java.util.List;

/**
 * What one ingestion run did. Always {@code rowsRead == rowsStored + rowsRejected}. {@code rejections}
 * holds at most the configured number of rejections ({@code rejectionsTruncated} says when more exist).
 */
public record RunSummary(String runId, String dataset, int contractVersion, long rowsRead, long rowsStored,
    long rowsRejected, List<Rejection> rejections, boolean rejectionsTruncated, RunStatus status, String source,
    Instant startedAt, Instant endedAt) {

    public RunSummary {
        rejections = List.copyOf(rejections);
    }
}
