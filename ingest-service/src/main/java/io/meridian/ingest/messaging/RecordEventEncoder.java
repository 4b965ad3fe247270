package io.meridian.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import io.meridian.events.v1.RecordIngested;
import io.meridian.ingest.model.FieldValues;

/**
 * Writes {@link RecordIngested} events straight to protobuf wire bytes from the domain's Java values, without
 * building the generated message, its {@code map<string, Value>} and one {@code Value} object per field: on the
 * ingestion hot path that cost more than the broker round trip. The bytes are exactly what
 * {@code RecordIngested.parseFrom} reads back as the event the generated builder would produce (a test holds the
 * two to the same result for every value type, nulls and non-ASCII text). Fields with their proto3 default are
 * omitted as the generated code does; a {@code Value}'s oneof member is always written, whatever its value.
 *
 * <p>Not thread-safe: one encoder per writing thread; the scratch buffer is reused between events.
 */
public final class RecordEventEncoder {
    // RecordIngested field tags (field number << 3 | wire type)
    private static final int DATASET = 1 << 3 | 2;
    private static final int CONTRACT_VERSION = 2 << 3;
    private static final int RUN_ID = 3 << 3 | 2;
    private static final int RECORD_KEY = 4 << 3 | 2;
    private static final int RECORD = 5 << 3 | 2;
    private static final int INGESTED_AT = 6 << 3 | 2;
    private static final int ROW_NUMBER = 7 << 3;
    // Record.fields map entry, entry key/value, Value members, Timestamp members
    private static final int FIELDS_ENTRY = 1 << 3 | 2;
    private static final int ENTRY_KEY = 1 << 3 | 2;
    private static final int ENTRY_VALUE = 2 << 3 | 2;
    private static final int STRING_VALUE = 1 << 3 | 2;
    private static final int INT_VALUE = 2 << 3;
    private static final int DOUBLE_VALUE = 3 << 3 | 1;
    private static final int BOOL_VALUE = 4 << 3;
    private static final int TIMESTAMP_VALUE = 5 << 3 | 2;
    private static final int SECONDS = 1 << 3;
    private static final int NANOS = 2 << 3;

    /** UTF-8 of the field names seen so far: the same few names come back in every record. */
    private final java.util.Map<String, byte[]> names = new java.util.HashMap<>();
    private FieldValues.Names keyNames;
    private byte[][] nameKeys;
    private byte[] record = new byte[1024];
    private int recordLength;
    private byte[] out = new byte[1024];
    private int outLength;

    /**
     * The event's bytes.
     *
     * @param values field name to value: {@link String}, {@link Long}, {@link Double}, {@link Boolean},
     *               {@link Instant}, or null (a Value with no kind)
     */
    public byte[] encode(byte[] dataset, int contractVersion, byte[] runId, byte[] recordKey, Map<String, Object> values,
                         Instant ingestedAt, long rowNumber) {
        recordLength = 0;
        if (values instanceof FieldValues fields) {
            byte[][] keys = keys(fields.names());
            for (int i = 0; i < keys.length; i++) {
                writeEntry(keys[i], fields.value(i));
            }
        } else {
            for (Map.Entry<String, Object> field : values.entrySet()) {
                writeEntry(names.computeIfAbsent(field.getKey(), n -> n.getBytes(StandardCharsets.UTF_8)),
                    field.getValue());
            }
        }
        outLength = 0;
        if (dataset.length > 0) {
            outTag(DATASET);
            outBytes(dataset);
        }
        if (contractVersion != 0) {
            outTag(CONTRACT_VERSION);
            outVarint(contractVersion); // int32: negative values are sign-extended to ten bytes, as protobuf does
        }
        if (runId.length > 0) {
            outTag(RUN_ID);
            outBytes(runId);
        }
        if (recordKey.length > 0) {
            outTag(RECORD_KEY);
            outBytes(recordKey);
        }
        outTag(RECORD);
        outVarint(recordLength);
        ensureOut(recordLength);
        System.arraycopy(record, 0, out, outLength, recordLength);
        outLength += recordLength;
        long seconds = ingestedAt.getEpochSecond();
        int nanos = ingestedAt.getNano();
        outTag(INGESTED_AT);
        outVarint(timestampSize(seconds, nanos));
        if (seconds != 0) {
            outTag(SECONDS);
            outVarint(seconds);
        }
        if (nanos != 0) {
            outTag(NANOS);
            outVarint(nanos);
        }
        if (rowNumber != 0) {
            outTag(ROW_NUMBER);
            outVarint(rowNumber);
        }
        return Arrays.copyOf(out, outLength);
    }

    /** The UTF-8 names of the contract's fields last seen. */
    private byte[][] keys(FieldValues.Names fieldNames) {
        if (fieldNames != keyNames) {
            byte[][] keys = new byte[fieldNames.size()][];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = fieldNames.name(i).getBytes(StandardCharsets.UTF_8);
            }
            keyNames = fieldNames;
            nameKeys = keys;
        }
        return nameKeys;
    }

    private void writeEntry(byte[] key, Object value) {
        byte[] text = null;
        int valueSize;
        if (value == null) {
            valueSize = 0;
        } else if (value instanceof String s) {
            text = s.getBytes(StandardCharsets.UTF_8);
            valueSize = 1 + varintSize(text.length) + text.length;
        } else if (value instanceof Long l) {
            valueSize = 1 + varintSize(l);
        } else if (value instanceof Double) {
            valueSize = 1 + 8;
        } else if (value instanceof Boolean) {
            valueSize = 2;
        } else if (value instanceof Instant i) {
            int ts = timestampSize(i.getEpochSecond(), i.getNano());
            valueSize = 1 + varintSize(ts) + ts;
        } else {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
        }
        int entrySize = 1 + varintSize(key.length) + key.length + 1 + varintSize(valueSize) + valueSize;
        ensureRecord(1 + 5 + entrySize);
        recTag(FIELDS_ENTRY);
        recVarint(entrySize);
        recTag(ENTRY_KEY);
        recVarint(key.length);
        recBytes(key);
        recTag(ENTRY_VALUE);
        recVarint(valueSize);
        if (value instanceof String) {
            recTag(STRING_VALUE);
            recVarint(text.length);
            recBytes(text);
        } else if (value instanceof Long l) {
            recTag(INT_VALUE);
            recVarint(l);
        } else if (value instanceof Double d) {
            recTag(DOUBLE_VALUE);
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 0; i < 8; i++) {
                record[recordLength++] = (byte) (bits >>> (8 * i));
            }
        } else if (value instanceof Boolean b) {
            recTag(BOOL_VALUE);
            record[recordLength++] = (byte) (b ? 1 : 0);
        } else if (value instanceof Instant i) {
            recTag(TIMESTAMP_VALUE);
            recVarint(timestampSize(i.getEpochSecond(), i.getNano()));
            if (i.getEpochSecond() != 0) {
                recTag(SECONDS);
                recVarint(i.getEpochSecond());
            }
            if (i.getNano() != 0) {
                recTag(NANOS);
                recVarint(i.getNano());
            }
        }
    }

    private static int timestampSize(long seconds, int nanos) {
        return (seconds != 0 ? 1 + varintSize(seconds) : 0) + (nanos != 0 ? 1 + varintSize(nanos) : 0);
    }

    static int varintSize(long value) {
        // seven bits a byte; 0 takes one byte, a negative value ten
        return value == 0 ? 1 : (70 - Long.numberOfLeadingZeros(value)) / 7;
    }

    private void recTag(int tag) {
        record[recordLength++] = (byte) tag;
    }

    private void recVarint(long value) {
        ensureRecord(10);
        while ((value & ~0x7FL) != 0) {
            record[recordLength++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        record[recordLength++] = (byte) value;
    }

    private void recBytes(byte[] bytes) {
        ensureRecord(bytes.length);
        System.arraycopy(bytes, 0, record, recordLength, bytes.length);
        recordLength += bytes.length;
    }

    private void ensureRecord(int more) {
        if (recordLength + more > record.length) {
            record = Arrays.copyOf(record, Math.max(record.length * 2, recordLength + more));
        }
    }

    private void outTag(int tag) {
        ensureOut(1);
        out[outLength++] = (byte) tag;
    }

    private void outVarint(long value) {
        ensureOut(10);
        while ((value & ~0x7FL) != 0) {
            out[outLength++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out[outLength++] = (byte) value;
    }

    private void outBytes(byte[] bytes) {
        outVarint(bytes.length);
        ensureOut(bytes.length);
        System.arraycopy(bytes, 0, out, outLength, bytes.length);
        outLength += bytes.length;
    }

    private void ensureOut(int more) {
        if (outLength + more > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, outLength + more));
        }
    }
}
