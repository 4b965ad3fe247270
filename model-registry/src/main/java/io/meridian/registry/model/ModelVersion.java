package io.meridian.registry.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored, immutable model version and the aliases that currently point at it. */
public record ModelVersion(
    String modelName,
    long version,
    String format,
    String description,
    List<ModelInput> inputs,
    List<String> outputs,
    Map<String, Double> metrics,
    Map<String, String> tags,
    String sourceJobId,
    String artifactSha256,
    long artifactSizeBytes,
    String artifactLocation,
    String createdBy,
    Instant createdAt,
    List<String> aliases) {
}
