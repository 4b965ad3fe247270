package io.meridian.ingest.model;

import java.time.Instant;
import java.util.Map;

import com.google.protobuf.Timestamp;

import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.ingest.v1.FieldSpec;

/** Conversions between the domain's Java values and the {@code meridian.data.v1} / ingest protobufs. */
public final class ProtoValues {
    private ProtoValues() {
    }

    /** A Java value ({@link String}, {@link Long}, {@link Double}, {@link Boolean}, {@link Instant}, null). */
    public static Value toValue(Object value) {
        Value.Builder b = Value.newBuilder();
        if (value instanceof String s) {
            b.setStringValue(s);
        } else if (value instanceof Long l) {
            b.setIntValue(l);
        } else if (value instanceof Double d) {
            b.setDoubleValue(d);
        } else if (value instanceof Boolean bool) {
            b.setBoolValue(bool);
        } else if (value instanceof Instant i) {
            b.setTimestampValue(toTimestamp(i));
        } else if (value != null) {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
        }
        return b.build();
    }

    /** The raw Java value of a protobuf value (null when no kind is set); input to the validator. */
    public static Object fromValue(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case TIMESTAMP_VALUE -> Instant.ofEpochSecond(value.getTimestampValue().getSeconds(),
                value.getTimestampValue().getNanos());
            case KIND_NOT_SET -> null;
        };
    }

    /** A record with every value (nulls as values with no kind). */
    public static Record toRecord(Map<String, Object> values) {
        Record.Builder b = Record.newBuilder();
        values.forEach((name, value) -> b.putFields(name, toValue(value)));
        return b.build();
    }

    public static Timestamp toTimestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    public static io.meridian.ingest.v1.DatasetContract toProto(DatasetContract contract) {
        io.meridian.ingest.v1.DatasetContract.Builder b = io.meridian.ingest.v1.DatasetContract.newBuilder()
            .setName(contract.name())
            .setVersion(contract.version())
            .setKeyField(contract.key())
            .setLabelField(contract.label() == null ? "" : contract.label())
            .setCreatedAt(toTimestamp(contract.createdAt()));
        for (FieldDefinition f : contract.fields()) {
            b.addFields(FieldSpec.newBuilder().setName(f.name()).setType(toProto(f.type())).setRequired(f.required()));
        }
        return b.build();
    }

    private static io.meridian.ingest.v1.FieldType toProto(FieldType type) {
        return switch (type) {
            case STRING -> io.meridian.ingest.v1.FieldType.FIELD_TYPE_STRING;
            case INTEGER -> io.meridian.ingest.v1.FieldType.FIELD_TYPE_INTEGER;
            case DECIMAL -> io.meridian.ingest.v1.FieldType.FIELD_TYPE_DECIMAL;
            case BOOLEAN -> io.meridian.ingest.v1.FieldType.FIELD_TYPE_BOOLEAN;
            case TIMESTAMP -> io.meridian.ingest.v1.FieldType.FIELD_TYPE_TIMESTAMP;
            // enum values are strings on the wire
            case ENUM -> io.meridian.ingest.v1.FieldType.FIELD_TYPE_STRING;
        };
    }

    public static io.meridian.ingest.v1.RunSummary toProto(RunSummary run) {
        io.meridian.ingest.v1.RunSummary.Builder b = io.meridian.ingest.v1.RunSummary.newBuilder()
            .setRunId(run.runId())
            .setDataset(run.dataset())
            .setContractVersion(run.contractVersion())
            .setRowsRead(run.rowsRead())
            .setRowsStored(run.rowsStored())
            .setRowsRejected(run.rowsRejected());
        for (Rejection r : run.rejections()) {
            b.addRejections(io.meridian.ingest.v1.Rejection.newBuilder()
                .setRowNumber(r.row()).setField(r.field()).setReason(r.reason()));
        }
        return b.build();
    }
}
