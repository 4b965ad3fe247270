package io.meridian.registry.messaging;

import java.time.Instant;

import com.google.protobuf.Timestamp;

import io.meridian.events.v1.AliasChanged;
import io.meridian.events.v1.ModelVersionCreated;
import io.meridian.registry.model.ModelVersion;

/** Builds the protobuf payloads of the events on {@code meridian.registry.events.v1}. */
public final class RegistryEvents {
    private RegistryEvents() {
    }

    public static ModelVersionCreated versionCreated(ModelVersion v) {
        return ModelVersionCreated.newBuilder()
            .setModelName(v.modelName())
            .setVersion(v.version())
            .setFormat(v.format())
            .setArtifactSha256(v.artifactSha256())
            .setSourceJobId(v.sourceJobId())
            .setCreatedAt(timestamp(v.createdAt()))
            .build();
    }

    public static AliasChanged aliasChanged(String model, String alias, long version, long previousVersion,
        Instant at, String subject) {
        return AliasChanged.newBuilder()
            .setModelName(model)
            .setAlias(alias)
            .setVersion(version)
            .setPreviousVersion(previousVersion)
            .setChangedAt(timestamp(at))
            .setChangedBy(subject)
            .build();
    }

    public static Timestamp timestamp(Instant at) {
        return Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()).build();
    }
}
