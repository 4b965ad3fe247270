package io.meridian.ingest.source;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A configured source and its state, as stored in {@code ingest_source} and returned by {@code /v1/sources}.
 * {@code config} holds environment variable names for credentials, never their values.
 *
 * @param position where the next poll starts: {@code watermark} (JDBC), {@code offsets} (Kafka),
 *                 {@code lastPage}/{@code lastUrl} (REST), {@code lastTopic}/{@code messages} (MQTT)
 */
public record Source(String name, String dataset, String type, String status, ObjectNode config, ObjectNode mapping,
    ObjectNode position, String lastRunId, Instant lastRunAt, long runs, long recordsRead, long recordsStored,
    long recordsQuarantined, long recordsDeduplicated, String lastError, Instant lastErrorAt, Instant createdAt,
    Instant updatedAt) {

    public SourceType sourceType() {
        return SourceType.parse(type).orElseThrow();
    }

    public boolean paused() {
        return SourceStatus.PAUSED.json().equals(status);
    }
}
