package io.meridian.monitor.model;

import java.util.List;

/** Per-version prediction counts and mean scores of one model, as seen by this replica. */
public record ModelSummary(String model, List<VersionSummary> versions) {
}
