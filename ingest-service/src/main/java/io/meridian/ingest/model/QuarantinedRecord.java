package io.meridian.ingest.model;

import java.time.Instant;
import java.util.List;

/**
 * A record that failed its contract, as kept in the quarantine.
 *
 * @param payload   the original text as received, or a JSON rendering of the raw fields
 * @param status    QUARANTINED until a replay stores it (REPLAYED) or finds its key already stored (DEDUPLICATED)
 * @param replayRun the replay run that last took it up (null if never replayed)
 */
public record QuarantinedRecord(long id, String dataset, String runId, int contractVersion, long position,
    String coordinates, String payload, List<RuleViolation> violations, Instant quarantinedAt, String status,
    String replayRun, Instant replayedAt) {

    public static final String QUARANTINED = "QUARANTINED";
    public static final String REPLAYED = "REPLAYED";
    public static final String DEDUPLICATED = "DEDUPLICATED";

    public QuarantinedRecord {
        violations = List.copyOf(violations);
    }
}
