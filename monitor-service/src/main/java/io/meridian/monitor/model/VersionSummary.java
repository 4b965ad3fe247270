package io.meridian.monitor.model;

import java.time.Instant;

/** What this replica has seen of one model version. */
public record VersionSummary(long version, long predictions, double meanScore, Instant lastPredictionAt) {
}
