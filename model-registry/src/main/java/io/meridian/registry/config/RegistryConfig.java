package io.meridian.registry.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the model registry ({@code meridian.registry.*}, env {@code MERIDIAN_REGISTRY_*}). */
@ConfigMapping(prefix = "meridian.registry")
public interface RegistryConfig {

    /**
     * Folder of the local artifact store. Artifacts live at {@code <dir>/<model>/<version>/model.<format>};
     * uploads are staged in {@code <dir>/.uploads} (same file system, so the final move is atomic).
     */
    @WithDefault("./data/artifacts")
    String artifactDir();

    /** Largest artifact an upload may stream, in bytes (default 512 MiB); enforced while streaming. */
    @WithDefault("536870912")
    long maxArtifactBytes();

    /** Size of the chunks DownloadArtifact streams, in bytes (default 64 KiB). */
    @WithDefault("65536")
    int downloadChunkBytes();

    /** CloudEvents {@code ce_source} of the events this service emits. */
    @WithDefault("/meridian/model-registry")
    String eventSource();

    /** The transactional outbox that publishes registry events to Kafka. */
    Outbox outbox();

    interface Outbox {
        /** How often the relay looks for unpublished events (it is also woken after every commit). */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most events published per relay pass. */
        @WithDefault("100")
        int batchSize();

        /** How long the relay waits for Kafka to acknowledge one event before retrying later. */
        @WithDefault("15s")
        Duration sendTimeout();
    }
}
