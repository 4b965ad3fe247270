package io.meridian.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.FieldValues;

class CopyRowsTest {
    private final ObjectMapper json = new ObjectMapper();

    /** The stream's signature, flags and header extension length, as PostgreSQL's COPY documentation gives them. */
    private static final byte[] HEADER = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0, 0, 0, 0, 0,
        0, 0, 0, 0};

    @Test
    void framesRowsAsBinaryCopyHeaderCountsLengthsAndTrailer() {
        CopyRows rows = CopyRows.copyBinary(8).row(2).column("ab").column(7).row(1).column(-2L).end();
        ByteBuffer in = ByteBuffer.wrap(rows.buffer(), 0, rows.length());
        byte[] header = new byte[HEADER.length];
        in.get(header);
        assertArrayEquals(HEADER, header);
        assertEquals(2, in.getShort(), "columns of row 1");
        assertEquals(2, in.getInt());
        assertEquals('a', in.get());
        assertEquals('b', in.get());
        assertEquals(4, in.getInt(), "int4 length");
        assertEquals(7, in.getInt());
        assertEquals(1, in.getShort(), "columns of row 2");
        assertEquals(8, in.getInt(), "int8 length");
        assertEquals(-2L, in.getLong());
        assertEquals(-1, in.getShort(), "trailer");
        assertEquals(0, in.remaining());
    }

    @Test
    void textIsUtf8AsItIsWithNothingEscaped() {
        String value = "tab\t new\n cr\r back\\slash \\N \"quoted\" 'single' caf\u00e9 \u4e2d\u6587 \ud83d\ude80 lone \ud800 end";
        CopyRows rows = CopyRows.copyBinary(8).row(1).column(value);
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        ByteBuffer in = ByteBuffer.wrap(rows.buffer(), HEADER.length + 2, rows.length() - HEADER.length - 2);
        assertEquals(utf8.length, in.getInt());
        byte[] written = new byte[in.remaining()];
        in.get(written);
        assertArrayEquals(utf8, written, "encoded as String.getBytes(UTF_8) encodes");
    }

    @Test
    void uuidsAreSixteenBytesMostSignificantFirst() {
        UUID id = UUID.fromString("00112233-4455-6677-8899-aabbccddeeff");
        ByteBuffer in = column(CopyRows.copyBinary(8).row(1).column(id));
        assertEquals(16, in.getInt());
        assertEquals(id.getMostSignificantBits(), in.getLong());
        assertEquals(id.getLeastSignificantBits(), in.getLong());
    }

    @Test
    void timestampsAreMicrosecondsSince2000() {
        assertEquals(0L, micros(Instant.parse("2000-01-01T00:00:00Z")));
        assertEquals(-946_684_800_000_000L, micros(Instant.EPOCH));
        assertEquals(-1L, micros(Instant.parse("1999-12-31T23:59:59.999999Z")));
        assertEquals(1L, micros(Instant.parse("2000-01-01T00:00:00.000001999Z")), "below a microsecond dropped");
        assertEquals(817_130_096_789_012L, micros(Instant.parse("2025-11-22T12:34:56.789012Z")));
    }

    @Test
    void numbersAreWrittenAsLongToStringWritesThem() {
        List<Long> numbers = new ArrayList<>(List.of(0L, 7L, -7L, 9L, 10L, 99L, 100L, 999_999_999L, 1_000_000_000L,
            (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE, 1234567890123L, Long.MAX_VALUE,
            Long.MIN_VALUE));
        Random random = new Random(17);
        for (int i = 0; i < 10_000; i++) {
            numbers.add(random.nextLong() >> random.nextInt(64));
        }
        for (long v : numbers) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("n", v);
            assertEquals("{\"n\":" + v + "}", CopyRows.plain(4).json(values, List.of()).text());
        }
    }

    @Test
    void aRowMustGetTheColumnsItDeclared() {
        assertThrows(IllegalStateException.class, () -> CopyRows.copyBinary(8).row(1).column(1).column(2),
            "one column too many");
        assertThrows(IllegalStateException.class, () -> CopyRows.copyBinary(8).row(2).column(1).row(1),
            "the next row before this one is complete");
        assertThrows(IllegalStateException.class, () -> CopyRows.copyBinary(8).row(2).column(1).end(),
            "the trailer before the row is complete");
        assertThrows(IllegalStateException.class, () -> CopyRows.copyBinary(8).row(2).column(1).reset(),
            "the buffer sent with half a row");
        assertThrows(IllegalStateException.class, () -> CopyRows.plain(8).column("a"), "no columns in plain JSON");
    }

    @Test
    void decimalsAreWrittenAsDoubleToStringWritesThem() {
        Random random = new Random(19);
        List<Double> samples = new ArrayList<>(List.of(0.0, -0.0, 1.0, -1.0, 0.001, 0.0009999, 9_999_999.999999,
            1e7, 12.34, 1233.9999999999998, 0.1 + 0.2, 1e-3, -2.5, 100.0, Double.MIN_VALUE, Double.MAX_VALUE));
        for (int i = 0; i < 200_000; i++) {
            int decimals = random.nextInt(8);
            long units = random.nextLong() % 100_000_000_000L;
            samples.add(units / Math.pow(10, decimals));
            samples.add(random.nextDouble() * Math.pow(10, random.nextInt(12) - 4));
        }
        for (double d : samples) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("d", d);
            assertEquals("{\"d\":" + d + "}", CopyRows.plain(8).json(values, List.of()).text());
        }
    }

    @Test
    void resetEmptiesTheBufferAndTheStreamGoesOnWithTheNextRow() {
        CopyRows rows = CopyRows.copyBinary(8).row(1).column(5);
        assertEquals(HEADER.length + 2 + 8, rows.length());
        rows.reset();
        assertEquals(0, rows.length());
        rows.row(1).column(6).end();
        ByteBuffer in = ByteBuffer.wrap(rows.buffer(), 0, rows.length());
        assertEquals(1, in.getShort(), "a row, no second header");
        assertEquals(4, in.getInt());
        assertEquals(6, in.getInt());
        assertEquals(-1, in.getShort());
    }

    @Test
    void plainJsonEqualsJacksonForEveryValueType() throws Exception {
        Random random = new Random(7);
        for (int n = 0; n < 500; n++) {
            Map<String, Object> values = randomValues(random);
            String text = CopyRows.plain(8).json(values, List.of()).text();
            Map<String, Object> expected = new LinkedHashMap<>();
            values.forEach((k, v) -> expected.put(k, v instanceof Instant i ? i.toString() : v));
            assertEquals(json.writeValueAsString(expected), text, "same text as Jackson writes");
        }
    }

    @Test
    void theJsonColumnIsThePlainJsonWithItsLength() {
        Random random = new Random(11);
        for (int n = 0; n < 500; n++) {
            Map<String, Object> values = randomValues(random);
            ByteBuffer in = column(CopyRows.copyBinary(8).row(1).json(values, List.of("x")));
            byte[] column = new byte[in.getInt()];
            in.get(column);
            assertEquals(0, in.remaining());
            assertEquals(CopyRows.plain(8).json(values, List.of("x")).text(), new String(column, StandardCharsets.UTF_8));
        }
    }

    @Test
    void instantsAreWrittenAsInstantToStringWritesThem() {
        Random random = new Random(3);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("0000-01-01T00:00:00Z"),
            Instant.parse("9999-12-31T23:59:59.999999999Z"), Instant.parse("1969-12-31T23:59:59.5Z"),
            Instant.parse("2024-02-29T12:34:56.789Z"), Instant.parse("2000-03-01T00:00:00.000001Z"),
            Instant.parse("1900-02-28T23:59:59Z"), Instant.MIN, Instant.MAX, Instant.parse("-0001-12-31T23:59:59Z"),
            Instant.parse("+10000-01-01T00:00:00Z")));
        for (int i = 0; i < 20_000; i++) {
            long seconds = random.nextLong() % 253_402_300_800L;
            int nanos = switch (random.nextInt(4)) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            instants.add(Instant.ofEpochSecond(seconds, nanos));
        }
        for (Instant instant : instants) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("t", instant);
            assertEquals("{\"t\":\"" + instant + "\"}", CopyRows.plain(8).json(values, List.of()).text());
        }
    }

    @Test
    void arrayBackedValuesWriteAsAnyMapInTheSameOrder() {
        Random random = new Random(5);
        CopyRows reused = CopyRows.plain(8);
        for (int n = 0; n < 300; n++) {
            Map<String, Object> values = randomValues(random);
            FieldValues fields = new FieldValues(new FieldValues.Names(List.copyOf(values.keySet())),
                values.values().toArray());
            assertEquals(CopyRows.plain(8).json(values, List.of("o")).text(),
                reused.reset().json(fields, List.of("o")).text());
        }
    }

    @Test
    void theOutliersAreListed() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("a", 1L);
        assertEquals("{\"a\":1,\"_outliers\":[\"a\",\"b\"]}", CopyRows.plain(8).json(values, List.of("a", "b")).text());
        assertEquals("{\"_outliers\":[\"a\"]}", CopyRows.plain(8).json(Map.of(), List.of("a")).text());
        assertEquals("{}", CopyRows.plain(8).json(Map.of(), List.of()).text());
    }

    @Test
    void nanAndUnsupportedTypesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> CopyRows.plain(8).json(Map.of("v", Double.NaN), List.of()));
        assertThrows(IllegalArgumentException.class,
            () -> CopyRows.plain(8).json(Map.of("v", Double.POSITIVE_INFINITY), List.of()));
        assertThrows(IllegalArgumentException.class, () -> CopyRows.plain(8).json(Map.of("v", new Object()), List.of()));
    }

    /** The first column of a one-row stream, from its length on. */
    private static ByteBuffer column(CopyRows rows) {
        int start = HEADER.length + 2;
        return ByteBuffer.wrap(rows.buffer(), start, rows.length() - start);
    }

    private static long micros(Instant instant) {
        ByteBuffer in = column(CopyRows.copyBinary(8).row(1).column(instant));
        assertEquals(8, in.getInt());
        return in.getLong();
    }

    private static Map<String, Object> randomValues(Random random) {
        Map<String, Object> values = new LinkedHashMap<>();
        int fields = random.nextInt(8);
        for (int f = 0; f < fields; f++) {
            String name = randomText(random, 1 + random.nextInt(6));
            Object value = switch (random.nextInt(6)) {
                case 0 -> randomText(random, random.nextInt(30));
                case 1 -> random.nextLong() >> random.nextInt(64);
                case 2 -> random.nextDouble() * Math.pow(10, random.nextInt(40) - 20) * (random.nextBoolean() ? 1 : -1);
                case 3 -> random.nextBoolean();
                case 4 -> Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000) * 1000L);
                default -> null;
            };
            values.put(name, value);
        }
        return values;
    }

    /** Text mixing plain ASCII, JSON and COPY specials, control characters, 2-, 3- and 4-byte characters. */
    private static String randomText(Random random, int length) {
        String[] pieces = {"a", "Z", "0", " ", "\"", "\\", "\t", "\n", "\r", "\b", "\f", "\u0001", "\u001f", "/",
            "\u00e9", "\u00fc", "\u4e2d", "\ud83d\ude80", "N"};
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < length; i++) {
            parts.add(pieces[random.nextInt(pieces.length)]);
        }
        return String.join("", parts);
    }
}
