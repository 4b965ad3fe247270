package io.meridian.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * <p>Two passes: the sizes first (protobuf prefixes every message with its length), then the bytes straight into
 * an array of the exact size; each field's {@code key} entry prefix is prepared once per contract, strings are
 * encoded to UTF-8 in place (as {@link String#getBytes} encodes them: an unpaired surrogate becomes {@code ?}).
 *
 * <p>Not thread-safe: one encoder per writing thread; its scratch arrays are reused between events.
 */
public final class RecordEventEncoder {
    // RecordIngested field tags (field number << 3 | wire type)
    private static final byte DATASET = (byte) (1 << 3 | 2);
    private static final byte CONTRACT_VERSION = (byte) (2 << 3);
    private static final byte RUN_ID = (byte) (3 << 3 | 2);
    private static final byte RECORD_KEY = (byte) (4 << 3 | 2);
    private static final byte RECORD = (byte) (5 << 3 | 2);
    private static final byte INGESTED_AT = (byte) (6 << 3 | 2);
    private static final byte ROW_NUMBER = (byte) (7 << 3);
    // Record.fields map entry, entry key/value, Value members, Timestamp members
    private static final byte FIELDS_ENTRY = (byte) (1 << 3 | 2);
    private static final byte ENTRY_KEY = (byte) (1 << 3 | 2);
    private static final byte ENTRY_VALUE = (byte) (2 << 3 | 2);
    private static final byte STRING_VALUE = (byte) (1 << 3 | 2);
    private static final byte INT_VALUE = (byte) (2 << 3);
    private static final byte DOUBLE_VALUE = (byte) (3 << 3 | 1);
    private static final byte BOOL_VALUE = (byte) (4 << 3);
    private static final byte TIMESTAMP_VALUE = (byte) (5 << 3 | 2);
    private static final byte SECONDS = (byte) (1 << 3);
    private static final byte NANOS = (byte) (2 << 3);

    /** UTF-8 of the field names of maps other than {@link FieldValues}. */
    private final java.util.Map<String, byte[]> names = new java.util.HashMap<>();
    private FieldValues.Names keyNames;
    /** Per field of {@link #keyNames}: the map entry's key field (tag, length, UTF-8 name) and the value tag. */
    private byte[][] namePrefixes;
    // per field of the event being encoded
    private byte[][] prefixes = new byte[32][];
    private Object[] values = new Object[32];
    private int[] valueSizes = new int[32];
    private byte[] buf;
    private int pos;

    /**
     * The event's bytes.
     *
     * @param values field name to value: {@link String}, {@link Long}, {@link Double}, {@link Boolean},
     *               {@link Instant}, or null (a Value with no kind)
     */
    public byte[] encode(byte[] dataset, int contractVersion, byte[] runId, byte[] recordKey, Map<String, Object> values,
                         Instant ingestedAt, long rowNumber) {
        int count = gather(values);
        int recordSize = 0;
        for (int i = 0; i < count; i++) {
            int valueSize = valueSize(this.values[i]);
            valueSizes[i] = valueSize;
            int entrySize = prefixes[i].length + varintSize(valueSize) + valueSize;
            recordSize += 1 + varintSize(entrySize) + entrySize;
        }
        long seconds = ingestedAt.getEpochSecond();
        int nanos = ingestedAt.getNano();
        int timestampSize = timestampSize(seconds, nanos);
        int size = bytesFieldSize(dataset) + (contractVersion != 0 ? 1 + varintSize(contractVersion) : 0)
            + bytesFieldSize(runId) + bytesFieldSize(recordKey) + 1 + varintSize(recordSize) + recordSize
            + 1 + varintSize(timestampSize) + timestampSize + (rowNumber != 0 ? 1 + varintSize(rowNumber) : 0);
        buf = new byte[size];
        pos = 0;
        bytesField(DATASET, dataset);
        if (contractVersion != 0) {
            buf[pos++] = CONTRACT_VERSION;
            varint(contractVersion); // int32: negative values are sign-extended to ten bytes, as protobuf does
        }
        bytesField(RUN_ID, runId);
        bytesField(RECORD_KEY, recordKey);
        buf[pos++] = RECORD;
        varint(recordSize);
        for (int i = 0; i < count; i++) {
            byte[] prefix = prefixes[i];
            int valueSize = valueSizes[i];
            buf[pos++] = FIELDS_ENTRY;
            varint(prefix.length + varintSize(valueSize) + valueSize);
            System.arraycopy(prefix, 0, buf, pos, prefix.length);
            pos += prefix.length;
            varint(valueSize);
            value(this.values[i]);
        }
        buf[pos++] = INGESTED_AT;
        varint(timestampSize);
        timestamp(seconds, nanos);
        if (rowNumber != 0) {
            buf[pos++] = ROW_NUMBER;
            varint(rowNumber);
        }
        if (pos != size) {
            throw new IllegalStateException("event size " + pos + " differs from the computed " + size);
        }
        byte[] event = buf;
        buf = null;
        return event;
    }

    /** Puts each field's key prefix and value in the scratch arrays; returns the number of fields. */
    private int gather(Map<String, Object> map) {
        int count = map.size();
        if (prefixes.length < count) {
            prefixes = new byte[count][];
            values = new Object[count];
            valueSizes = new int[count];
        }
        if (map instanceof FieldValues fields) {
            byte[][] known = prefixes(fields.names());
            for (int i = 0; i < count; i++) {
                prefixes[i] = known[i];
                values[i] = fields.value(i);
            }
        } else {
            int i = 0;
            for (Map.Entry<String, Object> field : map.entrySet()) {
                prefixes[i] = names.computeIfAbsent(field.getKey(), RecordEventEncoder::prefix);
                values[i++] = field.getValue();
            }
        }
        return count;
    }

    private byte[][] prefixes(FieldValues.Names fieldNames) {
        if (fieldNames != keyNames) {
            byte[][] known = new byte[fieldNames.size()][];
            for (int i = 0; i < known.length; i++) {
                known[i] = prefix(fieldNames.name(i));
            }
            keyNames = fieldNames;
            namePrefixes = known;
        }
        return namePrefixes;
    }

    /** A map entry's key field and the tag of its value field. */
    private static byte[] prefix(String name) {
        byte[] key = name.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = new byte[1 + varintSize(key.length) + key.length + 1];
        int at = 0;
        prefix[at++] = ENTRY_KEY;
        for (long v = key.length; ; v >>>= 7) {
            if ((v & ~0x7FL) == 0) {
                prefix[at++] = (byte) v;
                break;
            }
            prefix[at++] = (byte) ((v & 0x7F) | 0x80);
        }
        System.arraycopy(key, 0, prefix, at, key.length);
        prefix[prefix.length - 1] = ENTRY_VALUE;
        return prefix;
    }

    /** Size of a {@code Value} message holding {@code value}. */
    private static int valueSize(Object value) {
        if (value == null) {
            return 0;
        } else if (value instanceof String s) {
            int n = utf8Length(s);
            return 1 + varintSize(n) + n;
        } else if (value instanceof Long l) {
            return 1 + varintSize(l);
        } else if (value instanceof Double) {
            return 1 + 8;
        } else if (value instanceof Boolean) {
            return 2;
        } else if (value instanceof Instant i) {
            int ts = timestampSize(i.getEpochSecond(), i.getNano());
            return 1 + varintSize(ts) + ts;
        }
        throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
    }

    private void value(Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof String s) {
            buf[pos++] = STRING_VALUE;
            varint(utf8Length(s));
            utf8(s);
        } else if (value instanceof Long l) {
            buf[pos++] = INT_VALUE;
            varint(l);
        } else if (value instanceof Double d) {
            buf[pos++] = DOUBLE_VALUE;
            long bits = Double.doubleToRawLongBits(d);
            for (int i = 0; i < 8; i++) {
                buf[pos++] = (byte) (bits >>> (8 * i));
            }
        } else if (value instanceof Boolean b) {
            buf[pos++] = BOOL_VALUE;
            buf[pos++] = (byte) (b ? 1 : 0);
        } else if (value instanceof Instant i) {
            buf[pos++] = TIMESTAMP_VALUE;
            varint(timestampSize(i.getEpochSecond(), i.getNano()));
            timestamp(i.getEpochSecond(), i.getNano());
        }
    }

    private void timestamp(long seconds, int nanos) {
        if (seconds != 0) {
            buf[pos++] = SECONDS;
            varint(seconds);
        }
        if (nanos != 0) {
            buf[pos++] = NANOS;
            varint(nanos);
        }
    }

    private static int bytesFieldSize(byte[] bytes) {
        return bytes.length == 0 ? 0 : 1 + varintSize(bytes.length) + bytes.length;
    }

    /** A bytes/string field; omitted when empty, as proto3 omits defaults. */
    private void bytesField(int tag, byte[] bytes) {
        if (bytes.length > 0) {
            buf[pos++] = (byte) tag;
            varint(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }
    }

    private static int timestampSize(long seconds, int nanos) {
        return (seconds != 0 ? 1 + varintSize(seconds) : 0) + (nanos != 0 ? 1 + varintSize(nanos) : 0);
    }

    static int varintSize(long value) {
        // seven bits a byte; 0 takes one byte, a negative value ten
        return value == 0 ? 1 : (70 - Long.numberOfLeadingZeros(value)) / 7;
    }

    private void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            buf[pos++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        buf[pos++] = (byte) value;
    }

    /** Length of {@code s} in UTF-8 as {@link String#getBytes} encodes it (an unpaired surrogate is one byte). */
    static int utf8Length(String s) {
        int n = s.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    length += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    length += 2; // four bytes for the two chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    length += 2;
                }
            }
        }
        return length;
    }

    private void utf8(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                buf[pos++] = (byte) c;
            } else if (c < 0x800) {
                buf[pos++] = (byte) (0xC0 | c >> 6);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            } else if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    int cp = Character.toCodePoint(c, s.charAt(++i));
                    buf[pos++] = (byte) (0xF0 | cp >> 18);
                    buf[pos++] = (byte) (0x80 | cp >> 12 & 0x3F);
                    buf[pos++] = (byte) (0x80 | cp >> 6 & 0x3F);
                    buf[pos++] = (byte) (0x80 | cp & 0x3F);
                } else {
                    buf[pos++] = '?';
                }
            } else {
                buf[pos++] = (byte) (0xE0 | c >> 12);
                buf[pos++] = (byte) (0x80 | c >> 6 & 0x3F);
                buf[pos++] = (byte) (0x80 | c & 0x3F);
            }
        }
    }
}
