package io.meridian.ingest.service;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;

import io.meridian.ingest.model.FieldType;

/**
 * Turns one raw input value into the Java value of a contract type. Raw values are text (CSV cells, gRPC
 * string values) or already typed ({@link Long}, {@link Double}, {@link Boolean}, {@link Instant} from gRPC
 * values). Results are {@link String}, {@link Long}, {@link Double} (always finite), {@link Boolean} or
 * {@link Instant}. A value that does not fit throws {@link IllegalArgumentException} with the reason.
 */
public final class ValueCoercion {
    private ValueCoercion() {
    }

    /** Whether the raw value counts as absent: null or blank text. */
    public static boolean isMissing(Object raw) {
        return raw == null || raw instanceof String s && s.isBlank();
    }

    public static Object coerce(FieldType type, Object raw) {
        return coerce(type, raw, List.of());
    }

    /**
     * As {@link #coerce(FieldType, Object)}; timestamp text is first tried against {@code formats}
     * ({@link DateTimeFormatter} patterns: with zone/offset, date-time read as UTC, or date as midnight UTC).
     */
    public static Object coerce(FieldType type, Object raw, List<String> formats) {
        return switch (type) {
            case STRING, ENUM -> asString(raw);
            case TIMESTAMP -> formats == null || formats.isEmpty() || !(raw instanceof String s) ? asTimestamp(raw)
                : parseTimestamp(s.strip(), formats);
            case INTEGER -> asInteger(raw);
            case DECIMAL -> asDecimal(raw);
            case BOOLEAN -> asBoolean(raw);
        };
    }

    private static String asString(Object raw) {
        if (raw instanceof String s) {
            return s;
        }
        throw new IllegalArgumentException("expected a string but got " + describe(raw));
    }

    private static Long asInteger(Object raw) {
        if (raw instanceof Long l) {
            return l;
        }
        if (raw instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + abbreviate(s) + "' is not an integer");
            }
        }
        throw new IllegalArgumentException("expected an integer but got " + describe(raw));
    }

    /** {@code [+-]digits[.digits][(e|E)[+-]digits]}, or with the digits only after the point ({@code .5}, {@code 5.}). */
    static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            int exponent = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exponent++;
            }
            if (exponent == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static final double[] POWERS_OF_TEN = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12,
        1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

    /**
     * A text {@link #isDecimal} accepted, as {@link Double#parseDouble} reads it. Plain decimals of at most 15 digits
     * take the exact fast path: the digits as an integer m and 10^k are both exact doubles, so the correctly
     * rounded quotient m / 10^k is the correctly rounded value of the text (Clinger); others go to parseDouble.
     */
    static double parseDecimal(String text) {
        int n = text.length();
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '+' || text.charAt(0) == '-') {
            negative = text.charAt(0) == '-';
            i++;
        }
        long digits = 0;
        int count = 0;
        int decimals = -1;
        for (; i < n; i++) {
            char c = text.charAt(i);
            if (c == '.') {
                decimals = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits != 0 || c != '0') {
                    count++;
                }
                digits = digits * 10 + (c - '0');
                if (decimals >= 0) {
                    decimals++;
                }
                if (count > 15) {
                    return Double.parseDouble(text);
                }
            } else {
                return Double.parseDouble(text); // an exponent
            }
        }
        int scale = Math.max(decimals, 0);
        if (scale >= POWERS_OF_TEN.length) {
            return Double.parseDouble(text);
        }
        double value = digits / POWERS_OF_TEN[scale];
        return negative ? -value : value;
    }

    private static Double asDecimal(Object raw) {
        double value;
        if (raw instanceof Double d) {
            value = d;
        } else if (raw instanceof Long l) {
            value = l.doubleValue();
        } else if (raw instanceof String s) {
            String text = s.strip();
            // plain and scientific notation only: no NaN, Infinity, hex or 'd' suffix, which parseDouble would take;
            // parseDouble rounds correctly, as BigDecimal's doubleValue does
            if (!isDecimal(text)) {
                throw new IllegalArgumentException("'" + abbreviate(s) + "' is not a decimal number");
            }
            value = parseDecimal(text) + 0.0; // -0 is 0, as decimal text has no negative zero
        } else {
            throw new IllegalArgumentException("expected a decimal number but got " + describe(raw));
        }
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("decimal values must be finite numbers (no NaN or infinity)");
        }
        return value;
    }

    private static Boolean asBoolean(Object raw) {
        if (raw instanceof Boolean b) {
            return b;
        }
        if (raw instanceof String s) {
            switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "1":
                    return Boolean.TRUE;
                case "false", "no", "0":
                    return Boolean.FALSE;
                default:
                    throw new IllegalArgumentException(
                        "'" + abbreviate(s) + "' is not a boolean (use true/false, yes/no or 1/0)");
            }
        }
        throw new IllegalArgumentException("expected a boolean but got " + describe(raw));
    }

    private static Instant asTimestamp(Object raw) {
        if (raw instanceof Instant i) {
            return i;
        }
        if (raw instanceof String s) {
            return parseTimestamp(s.strip());
        }
        throw new IllegalArgumentException("expected a timestamp but got " + describe(raw));
    }

    /** ISO-8601: an instant or offset date-time; a local date-time is read as UTC, a date as midnight UTC. */
    static Instant parseTimestamp(String text) {
        Instant fast = isoUtc(text);
        if (fast != null) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + abbreviate(text)
                + "' is not an ISO-8601 timestamp (e.g. 2024-05-01T12:00:00Z)");
        }
    }

    /**
     * The common form {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} read without a formatter (this runs for every
     * timestamp cell of every record); null for anything else, which the ISO parsers then read or reject.
     */
    static Instant isoUtc(String t) {
        int n = t.length();
        if (n < 20 || n > 30 || t.charAt(n - 1) != 'Z' || t.charAt(4) != '-' || t.charAt(7) != '-'
            || t.charAt(10) != 'T' || t.charAt(13) != ':' || t.charAt(16) != ':') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        int nanos = 0;
        if (n > 20) {
            int fraction = n - 21; // characters between the '.' and the 'Z'
            if (t.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(t, 20, n - 1);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        } else if (t.charAt(19) != 'Z') {
            return null;
        }
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        try {
            return LocalDateTime.of(year, month, day, hour, minute, second, nanos).toInstant(ZoneOffset.UTC);
        } catch (java.time.DateTimeException e) {
            return null; // out of range: the ISO parser gives the error
        }
    }

    /** The decimal value of {@code t[from, to)}, or -1 when a character is not an ASCII digit. */
    private static int digits(String t, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static Instant parseTimestamp(String text, List<String> formats) {
        for (String format : formats) {
            DateTimeFormatter f;
            try {
                f = DateTimeFormatter.ofPattern(format, Locale.ROOT);
            } catch (IllegalArgumentException e) {
                continue;
            }
            try {
                TemporalAccessor t = f.parseBest(text, ZonedDateTime::from, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
                if (t instanceof ZonedDateTime z) {
                    return z.toInstant();
                }
                if (t instanceof OffsetDateTime o) {
                    return o.toInstant();
                }
                if (t instanceof LocalDateTime l) {
                    return l.toInstant(ZoneOffset.UTC);
                }
                return ((LocalDate) t).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeException ignored) {
                // try the next format
            }
        }
        try {
            return parseTimestamp(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + abbreviate(text) + "' matches none of the formats " + formats
                + " and is not an ISO-8601 timestamp");
        }
    }

    private static String describe(Object raw) {
        if (raw instanceof Long) {
            return "an integer value";
        }
        if (raw instanceof Double) {
            return "a decimal value";
        }
        if (raw instanceof Boolean) {
            return "a boolean value";
        }
        if (raw instanceof Instant) {
            return "a timestamp value";
        }
        return "a value of type " + raw.getClass().getSimpleName();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
