package io.meridian.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.FieldValues;

class CopyRowsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void separatesColumnsWithTabsAndEndsRowsWithNewlines() {
        CopyRows rows = CopyRows.copyText(64).column("a").column(7).column("b").endRow().column("c").endRow();
        assertEquals("a\t7\tb\nc\n", rows.text());
    }

    @Test
    void escapesBackslashTabNewlineAndCarriageReturn() {
        assertEquals("x\\\\y\\tz\\nw\\rv\n", CopyRows.copyText(64).column("x\\y\tz\nw\rv").endRow().text());
    }

    @Test
    void aValueThatLooksLikeTheNullMarkerStaysText() {
        assertEquals("\\\\N\n", CopyRows.copyText(8).column("\\N").endRow().text());
    }

    @Test
    void passesQuotesAndUnicodeThroughAsUtf8() {
        String value = "\"quoted\" 'single' caf\u00e9 \u4e2d\u6587 \ud83d\ude80 lone \ud800 end";
        CopyRows rows = CopyRows.copyText(8).column(value).endRow();
        assertArrayEquals((value + "\n").getBytes(StandardCharsets.UTF_8),
            Arrays.copyOf(rows.buffer(), rows.length()), "encoded as String.getBytes(UTF_8) encodes");
    }

    @Test
    void numbersAreWrittenAsLongToStringWrites() {
        List<Long> numbers = new ArrayList<>(List.of(0L, 7L, -7L, 9L, 10L, 99L, 100L, 999_999_999L, 1_000_000_000L,
            (long) Integer.MAX_VALUE, Integer.MAX_VALUE + 1L, (long) Integer.MIN_VALUE, 1234567890123L, Long.MAX_VALUE,
            Long.MIN_VALUE));
        Random random = new Random(17);
        for (int i = 0; i < 10_000; i++) {
            numbers.add(random.nextLong() >> random.nextInt(64));
        }
        for (long v : numbers) {
            assertEquals(v + "\n", CopyRows.copyText(4).column(v).endRow().text());
        }
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
    void resetEmptiesTheBuffer() {
        CopyRows rows = CopyRows.copyText(8).column("a").endRow();
        assertEquals(2, rows.length());
        rows.reset();
        assertEquals(0, rows.length());
        assertEquals("b\n", rows.column("b").endRow().text());
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
    void theJsonColumnReadsBackThroughCopyUnescaping() throws Exception {
        Random random = new Random(11);
        for (int n = 0; n < 500; n++) {
            Map<String, Object> values = randomValues(random);
            CopyRows rows = CopyRows.copyText(8).column("k").json(values, List.of("x")).endRow();
            String row = rows.text();
            String column = row.substring(2, row.length() - 1);
            assertEquals(-1, column.indexOf('\t'), "no raw tab inside the column");
            assertEquals(-1, column.indexOf('\n'), "no raw newline inside the column");
            assertEquals(CopyRows.plain(8).json(values, List.of("x")).text(), copyUnescape(column));
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
        CopyRows reused = CopyRows.copyText(8);
        for (int n = 0; n < 300; n++) {
            Map<String, Object> values = randomValues(random);
            FieldValues fields = new FieldValues(new FieldValues.Names(List.copyOf(values.keySet())),
                values.values().toArray());
            assertEquals(CopyRows.copyText(8).json(values, List.of("o")).endRow().text(),
                reused.reset().json(fields, List.of("o")).endRow().text());
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

    /** PostgreSQL's reading of a COPY text column: a backslash escapes the next character. */
    private static String copyUnescape(String column) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < column.length(); i++) {
            char c = column.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = column.charAt(++i);
            out.append(switch (next) {
                case 't' -> '\t';
                case 'n' -> '\n';
                case 'r' -> '\r';
                default -> next;
            });
        }
        return out.toString();
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
