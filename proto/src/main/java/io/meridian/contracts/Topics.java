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

    /**
     * Every topic above (read from this class's constants, so a new one is never forgotten). Environments create
     * them up front: an idempotent producer racing the broker's auto-creation of a topic can be refused with
     * out-of-order sequence errors until it gives up.
     */
    public static java.util.List<String> all() {
        java.util.List<String> topics = new java.util.ArrayList<>();
        for (java.lang.reflect.Field field : Topics.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                try {
                    topics.add((String) field.get(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        java.util.Collections.sort(topics);
        return java.util.List.copyOf(topics);
    }
}
