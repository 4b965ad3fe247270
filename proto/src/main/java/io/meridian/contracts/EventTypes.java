package io.meridian.contracts;

/** CloudEvents {@code ce_type} values: one per protobuf event message in {@code meridian.events.v1}. */
public final class EventTypes {
    public static final String RECORD_INGESTED = "meridian.events.v1.RecordIngested";
    public static final String MODEL_VERSION_CREATED = "meridian.events.v1.ModelVersionCreated";
    public static final String ALIAS_CHANGED = "meridian.events.v1.AliasChanged";
    public static final String PREDICTION_MADE = "meridian.events.v1.PredictionMade";
    public static final String RECORD_QUARANTINED = "meridian.events.v1.RecordQuarantined";
    public static final String TRAINING_JOB = "meridian.events.v1.TrainingJobEvent";
    /** Not protobuf: an OpenLineage RunEvent as JSON ({@link #JSON_CONTENT_TYPE}) on the lineage topic. */
    public static final String OPENLINEAGE_RUN_EVENT = "io.openlineage.RunEvent";

    /** CloudEvents content type of every event payload. */
    public static final String PROTOBUF_CONTENT_TYPE = "application/protobuf";
    /** Content type of the OpenLineage events. */
    public static final String JSON_CONTENT_TYPE = "application/json";

    private EventTypes() {
    }
}
