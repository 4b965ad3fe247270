package io.meridian.ingest.model;

/** Lifecycle of an ingestion run. */
public enum RunStatus {
    RUNNING,
    SUCCEEDED,
    /** The run stopped on an infrastructure or stream error; counts cover the rows decided before it. */
    FAILED
}
