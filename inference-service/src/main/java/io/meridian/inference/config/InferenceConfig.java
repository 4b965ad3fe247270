package io.meridian.inference.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of the inference-service (env vars {@code MERIDIAN_INFERENCE_...}). */
@ConfigMapping(prefix = "meridian.inference")
public interface InferenceConfig {

    /** The registry alias this service serves; AliasChanged events for other aliases are ignored. */
    @WithDefault("production")
    String servingAlias();

    /**
     * Models to resolve and load at start-up (comma separated). Other models are loaded lazily on their first
     * prediction or when an AliasChanged event for the serving alias names them.
     */
    Optional<List<String>> models();

    /** Folder where downloaded artifacts are cached as {@code <model>/<version>.onnx}. */
    @WithDefault("${java.io.tmpdir}/meridian-inference-cache")
    String cacheDir();

    /**
     * How often a background task retries configured models that could not be loaded yet and re-resolves the
     * serving alias of loaded models (catches alias moves whose event this replica missed).
     */
    @WithDefault("60s")
    Duration refreshInterval();

    /** Grace the shutdown waits for in-flight predictions before the ONNX sessions are closed. */
    @WithDefault("5s")
    Duration shutdownGrace();

    /** Most rows one batch prediction may carry (REST predict-batch, gRPC PredictBatch); more is a 400. */
    @WithDefault("1000")
    int maxBatchRows();

    /** Calls to the model-registry. */
    Registry registry();

    /** Settings of the model-registry gRPC client (host/port: {@code quarkus.grpc.clients.registry.*}). */
    interface Registry {
        /** Deadline of one unary registry call (ResolveAlias, GetModelVersion). */
        @WithDefault("5s")
        Duration deadline();

        /** Deadline of one whole artifact download. */
        @WithDefault("60s")
        Duration downloadDeadline();

        /** Attempts per call when the registry answers UNAVAILABLE (or the deadline passes). */
        @WithDefault("4")
        int maxAttempts();

        /** Back-off before the second attempt; doubled for every further attempt. */
        @WithDefault("200ms")
        Duration initialBackoff();
    }
}
