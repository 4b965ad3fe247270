package io.meridian.contracts;

/** Kafka topic names of the platform, {@code meridian.<domain>.<event>.v<N>}. */
public final class Topics {
    /** {@code RecordIngested}, keyed by {@code <dataset>/<record key>}. */
    public static final String INGEST_RECORDS = "meridian.ingest.records.v1";
    /** {@code ModelVersionCreated} and {@code AliasChanged}, keyed by model name. */
    public static final String REGISTRY_EVENTS = "meridian.registry.events.v1";
    /** {@code PredictionMade}, keyed by model name. */
    public static final String INFERENCE_PREDICTIONS = "meridian.inference.predictions.v1";

    /** {@code RecordQuarantined}, keyed by {@code <dataset>/<run id>}. */
    public static final String INGEST_QUARANTINE = "meridian.ingest.quarantine.v1";
    /** OpenLineage {@code RunEvent} JSON (not protobuf) of every finished ingestion run, keyed by {@code <dataset>}. */
    public static final String INGEST_LINEAGE = "meridian.ingest.lineage.v1";

    /** {@code TrainingJobEvent} on every state or progress change of a training job, keyed by job id. */
    public static final String TRAINING_JOBS = "meridian.training.jobs.v1";

    private Topics() {
    }
}
