package io.meridian.ingest.model;

import java.util.Map;

/**
 * One record as a source read it, before cleansing and validation: the seam between every source (CSV, JSON,
 * NDJSON, XML, inbox files, gRPC, JDBC, REST pull, Kafka, MQTT) and the ingestion pipeline.
 *
 * @param position    1-based position of the record in its run's input (a file's data row, a poll's record)
 * @param coordinates where it came from, for quarantine and lineage, e.g. {@code upload.csv:17},
 *                    {@code orders-2@4711}, {@code jdbc:id=7}, {@code GET /orders?page=3 #4}, {@code devices/d1/telemetry}
 * @param fields      raw values by contract field name (strings as read, or JSON scalars)
 * @param payload     the original text of the record as received, kept for quarantine; null when not available
 */
public record SourceRecord(long position, String coordinates, Map<String, ?> fields, String payload) {
}
