package io.meridian.ingest.format;

/**
 * Bounds that keep one record's memory small whatever the input: the longest record in characters (a CSV
 * row or NDJSON line, a JSON element's text, an XML record's text) and the deepest nesting of a JSON record.
 */
public record ReadLimits(int maxRecordChars, int maxDepth) {
    /** Default nesting depth of a JSON record (the record object itself is level 1). */
    public static final int DEFAULT_MAX_DEPTH = 32;

    public ReadLimits {
        if (maxRecordChars < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
