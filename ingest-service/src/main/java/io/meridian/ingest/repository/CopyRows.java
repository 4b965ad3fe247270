package io.meridian.ingest.repository;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import io.meridian.ingest.model.FieldValues;

/**
 * Rows of PostgreSQL's {@code COPY ... FROM STDIN (FORMAT text)} written straight to UTF-8 bytes: columns separated
 * by a tab, rows ended by a newline. A backslash, tab, newline and carriage return inside a value are written as
 * the escapes {@code \\}, {@code \t}, {@code \n}, {@code \r}, so a value can never end a column or a row early;
 * every other character (quotes, unicode) is passed through. No column is ever NULL here, so the {@code \N}
 * marker is never written (a value {@code \N} is sent as {@code \\N}).
 *
 * <p>{@link #json(Map, List)} writes a record's typed values as a JSON object column directly, JSON escapes and
 * COPY escapes in one pass: on the ingestion hot path this replaces a JSON string, a COPY string and their UTF-8
 * copy per record. The same writer without the COPY layer ({@link #plain(int)}) gives the JSON text alone.
 * Characters are encoded as {@link String#getBytes} encodes them to UTF-8 (an unpaired surrogate becomes
 * {@code ?}).
 *
 * <p>Not thread-safe; reused after {@link #reset()}.
 */
public final class CopyRows {
    /** Key of the list of fields flagged as outliers in a record's JSON (not a contract field). */
    public static final String OUTLIERS = "_outliers";
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] NULL = bytes("null");
    private static final byte[] TRUE = bytes("true");
    private static final byte[] FALSE = bytes("false");
    private static final byte[] OUTLIERS_KEY = bytes("\"" + OUTLIERS + "\":[");

    /** 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the years {@link #instant} writes itself. */
    private static final long MIN_FAST_SECOND = -62_167_219_200L;
    private static final long MAX_FAST_SECOND = 253_402_300_799L;

    private final boolean copyEscapes;
    private FieldValues.Names keyNames;
    private byte[][] nameKeys;
    private byte[] buf;
    private int length;
    private boolean rowStarted;

    private CopyRows(int capacity, boolean copyEscapes) {
        this.buf = new byte[Math.max(16, capacity)];
        this.copyEscapes = copyEscapes;
    }

    /** A buffer of COPY text rows. */
    public static CopyRows copyText(int capacity) {
        return new CopyRows(capacity, true);
    }

    /** A buffer without the COPY layer: {@link #json(Map, List)} then writes plain JSON. */
    public static CopyRows plain(int capacity) {
        return new CopyRows(capacity, false);
    }

    /** Appends one text column to the current row. */
    public CopyRows column(String value) {
        separator();
        text(value);
        return this;
    }

    /** Appends one number column to the current row. */
    public CopyRows column(long value) {
        separator();
        number(value);
        return this;
    }

    /**
     * Appends one column holding the JSON object of a record's values: integers and decimals as JSON numbers
     * ({@link Long#toString(long)}, {@link Double#toString(double)}), booleans as JSON booleans, strings and
     * timestamps (ISO-8601 instants) as JSON strings, null as null; the fields flagged as outliers under
     * {@value #OUTLIERS}.
     *
     * @throws IllegalArgumentException for NaN, an infinity or a value of another type
     */
    public CopyRows json(Map<String, Object> values, List<String> outliers) {
        separator();
        put((byte) '{');
        boolean first = true;
        if (values instanceof FieldValues fields) {
            byte[][] keys = keys(fields.names());
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    put((byte) ',');
                }
                put(keys[i]);
                value(fields.name(i), fields.value(i));
            }
            first = keys.length == 0;
        } else {
            for (Map.Entry<String, Object> field : values.entrySet()) {
                if (!first) {
                    put((byte) ',');
                }
                first = false;
                jsonString(field.getKey());
                put((byte) ':');
                value(field.getKey(), field.getValue());
            }
        }
        if (!outliers.isEmpty()) {
            if (!first) {
                put((byte) ',');
            }
            put(OUTLIERS_KEY);
            for (int i = 0; i < outliers.size(); i++) {
                if (i > 0) {
                    put((byte) ',');
                }
                jsonString(outliers.get(i));
            }
            put((byte) ']');
        }
        put((byte) '}');
        return this;
    }

    private void value(String field, Object value) {
        if (value == null) {
            put(NULL);
        } else if (value instanceof String s) {
            jsonString(s);
        } else if (value instanceof Long l) {
            number(l);
        } else if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("field " + field + " is " + d + ", not a JSON number");
            }
            decimal(d);
        } else if (value instanceof Boolean b) {
            put(b ? TRUE : FALSE);
        } else if (value instanceof Instant i) {
            put((byte) '"');
            instant(i);
            put((byte) '"');
        } else {
            throw new IllegalArgumentException("unsupported value type " + value.getClass().getName());
        }
    }

    /** The escaped {@code "name":} of each field, kept for the contract's names last seen. */
    private byte[][] keys(FieldValues.Names names) {
        if (names != keyNames) {
            byte[][] keys = new byte[names.size()][];
            CopyRows scratch = new CopyRows(64, copyEscapes);
            for (int i = 0; i < keys.length; i++) {
                scratch.reset().jsonString(names.name(i));
                scratch.put((byte) ':');
                keys[i] = Arrays.copyOf(scratch.buf, scratch.length);
            }
            keyNames = names;
            nameKeys = keys;
        }
        return nameKeys;
    }

    /**
     * An instant as {@link Instant#toString()} writes it (ISO-8601 in UTC, fraction in groups of three digits),
     * without its formatter's allocations for years 0 to 9999; others through {@code toString}.
     */
    private void instant(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST_SECOND || seconds > MAX_FAST_SECOND) {
            ascii(instant.toString());
            return;
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // civil date from days since 1970-01-01 (H. Hinnant's algorithm, proleptic Gregorian)
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long dayOfEra = z - era * 146_097;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long mp = (5 * dayOfYear + 2) / 153;
        int day = (int) (dayOfYear - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
        ensure(30);
        digits(year, 4);
        buf[length++] = '-';
        digits(month, 2);
        buf[length++] = '-';
        digits(day, 2);
        buf[length++] = 'T';
        digits(secondOfDay / 3600, 2);
        buf[length++] = ':';
        digits(secondOfDay / 60 % 60, 2);
        buf[length++] = ':';
        digits(secondOfDay % 60, 2);
        int nanos = instant.getNano();
        if (nanos != 0) {
            buf[length++] = '.';
            if (nanos % 1_000_000 == 0) {
                digits(nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(nanos / 1000, 6);
            } else {
                digits(nanos, 9);
            }
        }
        buf[length++] = 'Z';
    }

    private static final double[] POWERS = {1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6};

    /**
     * A double as {@link Double#toString(double)} writes it. Values of the plain range with at most six decimals
     * (prices, measurements: most decimals in records) are written from their scaled integer: {@code d} equals
     * {@code m / 10^k} exactly, so the k-digit text reads back as {@code d}; everything else through
     * {@code Double.toString}.
     */
    private void decimal(double d) {
        double magnitude = Math.abs(d);
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            for (int k = 1; k < POWERS.length; k++) {
                double m = Math.rint(d * POWERS[k]);
                if (m / POWERS[k] == d) {
                    long scaled = (long) Math.abs(m);
                    long unit = (long) POWERS[k];
                    if (d < 0) {
                        put((byte) '-');
                    }
                    number(scaled / unit);
                    put((byte) '.');
                    ensure(k);
                    digits((int) (scaled % unit), k);
                    return;
                }
            }
        }
        ascii(Double.toString(d));
    }

    /** {@code value} (not negative) in exactly {@code width} digits, zero-padded. */
    private void digits(int value, int width) {
        for (int i = width - 1; i >= 0; i--) {
            buf[length + i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        length += width;
    }

    /** Ends the current row. */
    public CopyRows endRow() {
        put((byte) '\n');
        rowStarted = false;
        return this;
    }

    /** Bytes buffered so far. */
    public int length() {
        return length;
    }

    /** The buffer; its first {@link #length()} bytes are the rows. */
    public byte[] buffer() {
        return buf;
    }

    /** Empties the buffer (keeps its capacity). */
    public CopyRows reset() {
        length = 0;
        rowStarted = false;
        return this;
    }

    /** The buffered bytes as text. */
    public String text() {
        return new String(buf, 0, length, StandardCharsets.UTF_8);
    }

    private void separator() {
        if (rowStarted) {
            put((byte) '\t');
        }
        rowStarted = true;
    }

    /** A JSON string literal: quote, backslash and control characters escaped as JSON, then for COPY. */
    private void jsonString(String s) {
        put((byte) '"');
        int n = s.length();
        ensure(n + 2);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                if (length == buf.length) {
                    ensure(n - i + 2);
                }
                buf[length++] = (byte) c;
            } else if (c >= 0x80) {
                i = utf8(s, i);
            } else {
                escapeBackslash();
                switch (c) {
                    case '"' -> put((byte) '"');
                    case '\\' -> escapeBackslash();
                    case '\n' -> put((byte) 'n');
                    case '\r' -> put((byte) 'r');
                    case '\t' -> put((byte) 't');
                    case '\b' -> put((byte) 'b');
                    case '\f' -> put((byte) 'f');
                    default -> {
                        put((byte) 'u');
                        put((byte) '0');
                        put((byte) '0');
                        put(HEX[c >> 4]);
                        put(HEX[c & 0xF]);
                    }
                }
            }
        }
        put((byte) '"');
    }

    /** A JSON escape's backslash: doubled in COPY text. */
    private void escapeBackslash() {
        put((byte) '\\');
        if (copyEscapes) {
            put((byte) '\\');
        }
    }

    /** A COPY text value (COPY escapes only). */
    private void text(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                i = utf8(s, i);
                continue;
            }
            byte escape = switch (c) {
                case '\\' -> (byte) '\\';
                case '\t' -> (byte) 't';
                case '\n' -> (byte) 'n';
                case '\r' -> (byte) 'r';
                default -> 0;
            };
            if (escape != 0 && copyEscapes) {
                put((byte) '\\');
                put(escape);
            } else {
                put((byte) c);
            }
        }
    }

    /** Encodes the non-ASCII character at {@code i} (with its low surrogate); returns the last index used. */
    private int utf8(String s, int i) {
        char c = s.charAt(i);
        ensure(4);
        if (c < 0x800) {
            buf[length++] = (byte) (0xC0 | c >> 6);
            buf[length++] = (byte) (0x80 | c & 0x3F);
            return i;
        }
        if (Character.isSurrogate(c)) {
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(i + 1));
                buf[length++] = (byte) (0xF0 | cp >> 18);
                buf[length++] = (byte) (0x80 | cp >> 12 & 0x3F);
                buf[length++] = (byte) (0x80 | cp >> 6 & 0x3F);
                buf[length++] = (byte) (0x80 | cp & 0x3F);
                return i + 1;
            }
            buf[length++] = (byte) '?';
            return i;
        }
        buf[length++] = (byte) (0xE0 | c >> 12);
        buf[length++] = (byte) (0x80 | c >> 6 & 0x3F);
        buf[length++] = (byte) (0x80 | c & 0x3F);
        return i;
    }

    /** Text known to be ASCII without characters to escape (numbers, instants). */
    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[length++] = (byte) s.charAt(i);
        }
    }

    private void number(long v) {
        if (v >= 0 && v <= Integer.MAX_VALUE) {
            natural((int) v);
            return;
        }
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[length++] = '-';
            v = -v;
        }
        int start = length;
        do {
            buf[length++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v != 0);
        // digits were written least significant first
        for (int i = start, j = length - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** A non-negative int: most numbers in records and every row number; int division is the cheap one. */
    private void natural(int v) {
        int digits = 1;
        for (int bound = 10; digits < 10 && v >= bound; bound *= 10) {
            digits++;
        }
        ensure(digits);
        int at = length + digits;
        length = at;
        do {
            int q = v / 10;
            buf[--at] = (byte) ('0' + (v - q * 10));
            v = q;
        } while (v != 0);
    }

    private void put(byte b) {
        if (length == buf.length) {
            ensure(1);
        }
        buf[length++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, length, bytes.length);
        length += bytes.length;
    }

    private void ensure(int more) {
        if (length + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + more));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
