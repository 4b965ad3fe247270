package io.meridian.feature.messaging;

/** Why a record of meridian.ingest.records.v1 was skipped; the {@code reason} label of the skip metric. */
public enum SkipReason {
    /** ce_type header missing or not RecordIngested. */
    UNSUPPORTED_TYPE("unsupported_type"),
    /** The value is not a RecordIngested protobuf message. */
    UNPARSEABLE("unparseable"),
    /** The message parses but lacks the dataset, record key, run id or record. */
    INVALID("invalid");

    private final String label;

    SkipReason(String label) {
        this.label = label;
    }

    /** The metric label value. */
    public String label() {
        return label;
    }
}
