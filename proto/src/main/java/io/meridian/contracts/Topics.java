package io.meridian.contracts;

/** Kafka topic names of the platform, {@code meridian.<domain>.<event>.v<N>}. */
public final class Topics {
    /** {@code RecordIngested}, keyed by {@code <dataset>/<record key>}. */
    public static final String INGEST_RECORDS = "meridian.ingest.records.v1";
    /** {@code ModelVersionCreated} and {@code AliasChanged}, keyed by model name. */
    public static final String REGISTRY_EVENTS = "meridian.registry.events.v1";
    /** {@code PredictionMade}, keyed by model name. */
    public static final String INFERENCE_PREDICTIONS = "meridian.inference.predictions.v1";

    private Topics() {
    }
}
