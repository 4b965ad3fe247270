package io.meridian.registry.model;

import java.util.List;
import java.util.Map;

/** What a client declares when it creates a version (the artifact travels separately). */
public record NewModelVersion(
    String modelName,
    String format,
    String description,
    List<ModelInput> inputs,
    List<String> outputs,
    Map<String, Double> metrics,
    Map<String, String> tags,
    String sourceJobId,
    String expectedSha256) {
}
