package io.meridian.registry.rest;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.meridian.registry.model.AuditEntry;
import io.meridian.registry.model.ModelInput;
import io.meridian.registry.model.ModelVersion;
import io.meridian.registry.model.RegisteredModel;

/** The JSON shapes of the REST API. */
public final class RegistryJson {
    private RegistryJson() {
    }

    /** One immutable model version. */
    public record VersionJson(String modelName, long version, String format, String description,
        List<ModelInput> inputs, List<String> outputs, Map<String, Double> metrics, Map<String, String> tags,
        String sourceJobId, String artifactSha256, long artifactSizeBytes, Instant createdAt, String createdBy,
        List<String> aliases) {

        static VersionJson of(ModelVersion v) {
            return new VersionJson(v.modelName(), v.version(), v.format(), v.description(), v.inputs(), v.outputs(),
                v.metrics(), v.tags(), v.sourceJobId(), v.artifactSha256(), v.artifactSizeBytes(), v.createdAt(),
                v.createdBy(), v.aliases());
        }
    }

    /** A model with all its versions and aliases (alias -> version). */
    public record ModelJson(String name, long latestVersion, List<VersionJson> versions, Map<String, Long> aliases,
        Instant createdAt, Instant updatedAt) {
    }

    /** A model in the list of models. */
    public record ModelSummaryJson(String name, long latestVersion, Map<String, Long> aliases, Instant createdAt,
        Instant updatedAt) {

        static ModelSummaryJson of(RegisteredModel m) {
            return new ModelSummaryJson(m.name(), m.latestVersion(), m.aliases(), m.createdAt(), m.updatedAt());
        }
    }

    /** GET /v1/models. */
    public record ModelListJson(List<ModelSummaryJson> models) {
    }

    /** Body of PUT /v1/models/{name}/aliases/{alias}. */
    public record SetAliasJson(Long version) {
    }

    /** A model's audit trail, oldest first. */
    public record AuditJson(String model, List<AuditEntryJson> entries) {
    }

    /** One audit line: who (token subject) did what to which version/alias, and when. */
    public record AuditEntryJson(long id, String action, String subject, Long version, String alias,
        Map<String, Object> details, Instant at) {

        static AuditEntryJson of(AuditEntry e) {
            return new AuditEntryJson(e.id(), e.action(), e.subject(), e.version(), e.alias(), e.details(), e.at());
        }
    }
}
