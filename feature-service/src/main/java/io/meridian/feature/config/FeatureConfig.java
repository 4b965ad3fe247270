package io.meridian.feature.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the feature-service, prefix {@code meridian.feature} (env {@code MERIDIAN_FEATURE_...}). */
@ConfigMapping(prefix = "meridian.feature")
public interface FeatureConfig {

    /** Training-set streaming. */
    TrainingSet trainingSet();

    /** Online feature reads. */
    Online online();

    /** The RecordIngested consumer. */
    Consumer consumer();

    interface TrainingSet {
        /** Rows per ReadTrainingSet response message when the request leaves batch_size at 0. */
        @WithDefault("500")
        int defaultBatchSize();

        /** Largest batch_size a client may ask for; larger requests are rejected with INVALID_ARGUMENT. */
        @WithDefault("10000")
        int maxBatchSize();
    }

    interface Online {
        /** Most entity keys one GetOnlineFeatures call may ask for; more is INVALID_ARGUMENT. */
        @WithDefault("1000")
        int maxKeys();
    }

    interface Consumer {
        /** How many times a batch write to PostgreSQL is attempted before the consumer gives up (and stops). */
        @WithDefault("5")
        int writeAttempts();

        /** Pause between write attempts; doubled after each failure. */
        @WithDefault("PT0.5S")
        Duration retryBackoff();
    }
}
