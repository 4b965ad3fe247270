package io.meridian.registry.model;

/** The outcome of pointing an alias at a version; {@code previousVersion} is 0 when the alias is new. */
public record AliasChange(ModelVersion version, String alias, long previousVersion) {
    /** Whether the alias actually moved (setting it to the version it already has changes nothing). */
    public boolean moved() {
        return previousVersion != version.version();
    }
}
