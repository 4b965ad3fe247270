package io.meridian.registry.model;

import java.time.Instant;
import java.util.Map;

/** A registered model: its latest version number and its aliases (alias -> version). */
public record RegisteredModel(String name, long latestVersion, Map<String, Long> aliases, Instant createdAt,
    Instant updatedAt) {
}
