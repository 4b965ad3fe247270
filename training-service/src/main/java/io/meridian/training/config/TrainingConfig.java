package io.meridian.training.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Every setting of training-service ({@code meridian.training.*}, env {@code MERIDIAN_TRAINING_*}). */
@ConfigMapping(prefix = "meridian.training")
public interface TrainingConfig {
    /**
     * Bearer token sent as {@code authorization: Bearer <token>} on model-registry write calls
     * (CreateModelVersion). Unset: no header. Set it through {@code MERIDIAN_TRAINING_REGISTRY_TOKEN}.
     */
    Optional<String> registryToken();

    /**
     * Bearer token sent as {@code authorization: Bearer <token>} on ingest-service reads (GetDataset, ReadRecords),
     * which need role {@code reader}. Unset: no header (and ingest-service refuses the reads). Set it through
     * {@code MERIDIAN_TRAINING_INGEST_TOKEN}.
     */
    Optional<String> ingestToken();

    /** Jobs that run at the same time (each uses one thread). */
    @WithDefault("1")
    int workers();

    /** Jobs that may wait for a worker; a submission beyond this is refused with 503. */
    @WithDefault("32")
    int queueCapacity();

    /** Deadline of the whole FeatureService.ReadTrainingSet stream. */
    @WithDefault("120s")
    Duration featureDeadline();

    /** Rows per ReadTrainingSet response message asked of feature-service (0 = its default). */
    @WithDefault("1000")
    int readBatchSize();

    /** Largest training set a job reads; a bigger one fails the job. */
    @WithDefault("500000")
    int maxRows();

    /** Fewest labelled rows a job trains on. */
    @WithDefault("20")
    int minRows();

    /** Deadline of the ModelRegistryService.CreateModelVersion upload. */
    @WithDefault("60s")
    Duration registryDeadline();

    /** Largest accepted |P(positive) Java - P(positive) ONNX Runtime| on the holdout before registering. */
    @WithDefault("1e-5")
    double parityTolerance();
}
