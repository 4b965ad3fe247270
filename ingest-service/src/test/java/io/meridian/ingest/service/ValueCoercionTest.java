package io.meridian.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meridian.ingest.model.FieldType;

class ValueCoercionTest {
    @Test
    void decimalTextIsReadAsBigDecimalReadsIt() {
        java.util.Random random = new java.util.Random(13);
        String alphabet = "0123456789.eE+- x_dDfFNa";
        java.util.List<String> samples = new java.util.ArrayList<>(java.util.List.of("1", "-1", "+1", ".5", "5.", "1.e5",
            "1e+5", "1E-5", "-.5e-3", "0.1", "123456789.123456789", "4.9e-324", "1.7976931348623157e308", ".", "-",
            "e5", "1e", "1e+", "1.2.3", "--1", "1-", "", "+", "1 2", "1_000", "0x10", "1f", "NaN"));
        for (int i = 0; i < 20_000; i++) {
            StringBuilder text = new StringBuilder();
            for (int n = random.nextInt(8); n >= 0; n--) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            samples.add(text.toString());
        }
        for (String text : samples) {
            Double expected;
            try {
                double d = new java.math.BigDecimal(text.strip()).doubleValue();
                expected = Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                expected = null;
            }
            Double actual;
            try {
                actual = (Double) ValueCoercion.coerce(FieldType.DECIMAL, text);
            } catch (IllegalArgumentException e) {
                actual = null;
            }
            assertEquals(expected, actual, "'" + text + "'");
        }
    }

    @Test
    void plainDecimalsReadAsParseDoubleReadsThem() {
        java.util.Random random = new java.util.Random(23);
        java.util.List<String> samples = new java.util.ArrayList<>(java.util.List.of("0", "-0", "0.0", "00012.50",
            "123456789012345", "1234567890123456", "0.000000000000000000001", "0.0000000000000000000000001",
            "999999999999999.9", "-9007199254740993", "1.7976931348623157", "4.35", "0.1", "2.675", "1.", ".5"));
        for (int i = 0; i < 300_000; i++) {
            StringBuilder text = new StringBuilder(random.nextBoolean() ? "" : "-");
            int before = random.nextInt(10);
            int after = random.nextInt(12);
            for (int d = 0; d < before; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            text.append('.');
            for (int d = 0; d < after; d++) {
                text.append((char) ('0' + random.nextInt(10)));
            }
            if (before + after > 0) {
                samples.add(text.toString());
            }
        }
        for (String text : samples) {
            assertEquals(Double.parseDouble(text), ValueCoercion.parseDecimal(text), text);
        }
    }

    @Test
    void decimalsMustBeFinitePlainNumbers() {
        assertEquals(80.5, ValueCoercion.coerce(FieldType.DECIMAL, " 80.5 "));
        assertEquals(1200.0, ValueCoercion.coerce(FieldType.DECIMAL, "1.2e3"));
        assertEquals(3.0, ValueCoercion.coerce(FieldType.DECIMAL, 3L));
        for (String bad : new String[] {"NaN", "Infinity", "-Infinity", "1e400", "0x1p3", "1.5d", "abc"}) {
            assertThrows(IllegalArgumentException.class, () -> ValueCoercion.coerce(FieldType.DECIMAL, bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ValueCoercion.coerce(FieldType.DECIMAL, Double.NaN));
    }

    @Test
    void integersAreWholeNumbers() {
        assertEquals(12L, ValueCoercion.coerce(FieldType.INTEGER, "12"));
        assertThrows(IllegalArgumentException.class, () -> ValueCoercion.coerce(FieldType.INTEGER, "12.5"));
        assertThrows(IllegalArgumentException.class, () -> ValueCoercion.coerce(FieldType.INTEGER, 1.0));
    }

    @Test
    void booleansAcceptTrueFalseYesNoOneZeroInAnyCase() {
        for (String t : new String[] {"true", "TRUE", "Yes", "1"}) {
            assertEquals(Boolean.TRUE, ValueCoercion.coerce(FieldType.BOOLEAN, t), t);
        }
        for (String f : new String[] {"false", "No", "0"}) {
            assertEquals(Boolean.FALSE, ValueCoercion.coerce(FieldType.BOOLEAN, f), f);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ValueCoercion.coerce(FieldType.BOOLEAN, "maybe"));
        assertTrue(e.getMessage().contains("maybe"));
    }

    @Test
    void timestampsAreIso8601() {
        assertEquals(Instant.parse("2024-05-01T12:00:00Z"), ValueCoercion.coerce(FieldType.TIMESTAMP, "2024-05-01T12:00:00Z"));
        assertEquals(Instant.parse("2024-05-01T10:00:00Z"),
            ValueCoercion.coerce(FieldType.TIMESTAMP, "2024-05-01T12:00:00+02:00"));
        assertEquals(Instant.parse("2024-05-01T00:00:00Z"), ValueCoercion.coerce(FieldType.TIMESTAMP, "2024-05-01"));
        assertThrows(IllegalArgumentException.class, () -> ValueCoercion.coerce(FieldType.TIMESTAMP, "01/05/2024"));
    }

    @Test
    void stringsMustBeText() {
        assertEquals(" x ", ValueCoercion.coerce(FieldType.STRING, " x "));
        assertThrows(IllegalArgumentException.class, () -> ValueCoercion.coerce(FieldType.STRING, 5L));
    }

    @Test
    void theIsoUtcFastPathReadsExactlyWhatTheIsoParserReads() {
        java.util.Random random = new java.util.Random(3);
        for (int n = 0; n < 5_000; n++) {
            java.time.Instant instant = java.time.Instant.ofEpochSecond(random.nextLong() % 100_000_000_000L,
                random.nextInt(1_000_000_000));
            String text = instant.toString(); // 0, 3, 6 or 9 fraction digits
            if (text.startsWith("+") || text.startsWith("-")) {
                continue;
            }
            assertEquals(java.time.OffsetDateTime.parse(text).toInstant(), ValueCoercion.isoUtc(text), text);
            assertEquals(instant, ValueCoercion.parseTimestamp(text), text);
        }
        assertEquals(java.time.Instant.parse("2024-05-01T12:00:00.5Z"), ValueCoercion.isoUtc("2024-05-01T12:00:00.5Z"));
        // not the fast form, or out of range: left to the ISO parsers (which accept or reject them)
        for (String other : List.of("2024-02-30T00:00:00Z", "2024-13-01T00:00:00Z", "2024-05-01T24:00:00Z",
            "2024-05-01T12:00:60Z", "2024-05-01T12:00:00+02:00", "2024-05-01T12:00:00.Z",
            "2024-05-01T12:00:00.1234567890Z", "2024-05-01 12:00:00Z", "2024-05-01T12:0a:00Z", "+2024-05-01T12:00:00Z")) {
            assertNull(ValueCoercion.isoUtc(other), other);
        }
        assertEquals(java.time.Instant.parse("2024-05-01T10:00:00Z"), ValueCoercion.parseTimestamp("2024-05-01T12:00:00+02:00"));
        assertThrows(IllegalArgumentException.class, () -> ValueCoercion.parseTimestamp("2024-02-30T00:00:00Z"));
    }
}
