package io.meridian.ingest.source;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The kinds of source the registry runs; the JSON name is the lower-case constant. */
public enum SourceType {
    /** Polls a database with an incremental watermark query. */
    JDBC,
    /** Pulls a JSON REST API page by page. */
    REST,
    /** Consumes an external Kafka topic. */
    KAFKA,
    /** Subscribes to MQTT topic filters. */
    MQTT;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<SourceType> parse(String text) {
        return Arrays.stream(values()).filter(t -> t.json().equalsIgnoreCase(text == null ? "" : text.strip()))
            .findFirst();
    }
}
