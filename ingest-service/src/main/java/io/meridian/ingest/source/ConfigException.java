package io.meridian.ingest.source;

/** A source's config or mapping is invalid; {@code field} names the offending key, e.g. {@code config.query}. */
public class ConfigException extends RuntimeException {
    private final String field;

    public ConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
