package io.meridian.ingest.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingest service (prefix {@code meridian.ingest}, env {@code MERIDIAN_INGEST_...}). */
@ConfigMapping(prefix = "meridian.ingest")
public interface IngestConfig {
    /**
     * Good rows stored in one database transaction and published before the service waits for the Kafka
     * acknowledgements of that batch.
     */
    @WithDefault("500")
    int batchSize();

    /**
     * Longest CSV row, in characters (a quoted multi-line row counts all its lines). A longer row is
     * rejected with a limit message; it is skipped while reading, never buffered whole.
     */
    @WithDefault("1048576")
    int maxRowChars();

    /** Rejections kept per run for the summary and {@code GET /v1/runs/{id}}; the counts stay exact. */
    @WithDefault("1000")
    int maxStoredRejections();

    /** How long one batch waits for the Kafka broker's acknowledgements (acks=all) before the run fails. */
    @WithDefault("30s")
    Duration publishTimeout();

    /** Records per gRPC {@code ReadRecords} message when the request asks for 0. */
    @WithDefault("500")
    int readBatchSize();

    /** Largest {@code batch_size} a {@code ReadRecords} request may ask for. */
    @WithDefault("5000")
    int maxReadBatchSize();

    /** CloudEvents {@code ce_source} of the events this service publishes. */
    @WithDefault("/meridian/ingest-service")
    String eventSource();
}
