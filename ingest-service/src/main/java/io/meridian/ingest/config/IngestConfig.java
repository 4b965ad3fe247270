package io.meridian.ingest.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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

    /**
     * Folder of dataset contract files ({@code <dataset>.yaml}, {@code .yml} or {@code .json}; the body of
     * {@code PUT /v1/datasets/{name}}, optionally with a {@code name}) applied at start-up. Unset: none.
     */
    Optional<Path> contractsDir();

    /** How often the retention job deletes curated and quarantined records older than their dataset's retention. */
    @WithDefault("1h")
    Duration retentionInterval();

    /**
     * A RUNNING ingestion run without progress for this long was abandoned (its service stopped during the run) and
     * is marked FAILED by a sweep every {@code meridian.ingest.run-sweep-interval} (1m). Running runs write a
     * heartbeat after every batch and at least every 30 s while they receive records.
     */
    @WithDefault("10m")
    Duration runStaleAfter();

    /** Quarantined records per page of {@code GET /v1/datasets/{name}/quarantine} when the request gives no size. */
    @WithDefault("100")
    int quarantinePageSize();

    /** The inbox folders ({@code meridian.ingest.inbox.*}, env {@code MERIDIAN_INGEST_INBOX_...}). */
    Inbox inbox();

    /** Watched inbox folders: each {@code <root>/<dataset>/} file is ingested into that dataset. */
    interface Inbox {
        /** The inbox root. Unset (the default) disables the inbox. */
        Optional<Path> root();

        /** How often the folders are scanned. */
        @WithDefault("5s")
        Duration pollInterval();

        /**
         * A file is taken only when it was last modified at least this long ago, so a writer that does not use
         * a temporary name (see {@link #ignoredSuffixes()}) has time to finish.
         */
        @WithDefault("2s")
        Duration settleTime();

        /** File name endings of files still being written, never taken (besides hidden files, which start with a dot). */
        @WithDefault(".part,.tmp,.partial,.crdownload,.filepart,~")
        List<String> ignoredSuffixes();

        /**
         * A file still in {@code <dataset>/.processing/} this long after it was claimed (its last-modified time) was
         * left there by a service that stopped while ingesting it: each scan moves it to {@code failed/} with an
         * error text (it is never ingested again on its own: part of it may be stored). Younger files are left alone,
         * as another replica sharing the inbox may be ingesting them: keep this longer than the longest ingestion
         * of one file.
         */
        @WithDefault("10m")
        Duration recoverAfter();
    }
}
