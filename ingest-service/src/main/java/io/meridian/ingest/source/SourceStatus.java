package io.meridian.ingest.source;

import java.util.Locale;

/** State of a source: what the user wants (running, paused) or running with a failing last attempt (error). */
public enum SourceStatus {
    RUNNING,
    PAUSED,
    /** Wanted running, but the last attempt failed; the source keeps retrying with backoff. */
    ERROR;

    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }
}
