package io.meridian.ingest.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvReaderTest {
    private static List<CsvReader.Row> rows(String csv, int limit) throws IOException {
        CsvReader reader = new CsvReader(new StringReader(csv), limit);
        List<CsvReader.Row> out = new ArrayList<>();
        CsvReader.Row row;
        while ((row = reader.next()) != null) {
            out.add(row);
        }
        return out;
    }

    private static List<CsvReader.Row> rows(String csv) throws IOException {
        return rows(csv, 1024);
    }

    @Test
    void splitsPlainFieldsWithLfAndCrlf() throws IOException {
        List<CsvReader.Row> rows = rows("a,b,c\r\n1,2,3\n4,5,6");
        assertEquals(List.of("a", "b", "c"), rows.get(0).fields());
        assertEquals(List.of("1", "2", "3"), rows.get(1).fields());
        assertEquals(List.of("4", "5", "6"), rows.get(2).fields());
        assertEquals(3, rows.size());
    }

    @Test
    void readsQuotedFieldsWithCommasEscapedQuotesAndLineBreaks() throws IOException {
        List<CsvReader.Row> rows = rows("\"x, y\",\"say \"\"hi\"\"\",\"two\r\nlines\",\"\"\n");
        assertEquals(1, rows.size());
        assertEquals(List.of("x, y", "say \"hi\"", "two\r\nlines", ""), rows.get(0).fields());
    }

    @Test
    void keepsEmptyFieldsIncludingATrailingOne() throws IOException {
        assertEquals(List.of("", "b", ""), rows(",b,\n").get(0).fields());
    }

    @Test
    void dropsTheUtf8ByteOrderMarkOfTheFirstLineOnly() throws IOException {
        List<CsvReader.Row> rows = rows("\uFEFFid,name\n\uFEFF1,x\n");
        assertEquals(List.of("id", "name"), rows.get(0).fields());
        assertEquals("\uFEFF1", rows.get(1).fields().get(0));
    }

    @Test
    void skipsBlankLinesAndTheFinalLineEnd() throws IOException {
        List<CsvReader.Row> rows = rows("a\n\n1\r\n\r\n2\n");
        assertEquals(3, rows.size());
        assertEquals(List.of("2"), rows.get(2).fields());
    }

    @Test
    void anUnbalancedQuoteCostsOneRowNotTheRestOfTheFile() throws IOException {
        List<CsvReader.Row> rows = rows("id,v\n1,\"open\n2,fine\n3,\"ok\"\n4,also fine\n");
        assertEquals(List.of("id", "v"), rows.get(0).fields());
        assertTrue(rows.get(1).malformed(), "row 1 is malformed");
        assertTrue(rows.get(1).error().contains("quot"), rows.get(1).error());
        assertEquals(List.of("2", "fine"), rows.get(2).fields());
        assertEquals(List.of("3", "ok"), rows.get(3).fields());
        assertEquals(List.of("4", "also fine"), rows.get(4).fields());
        assertEquals(5, rows.size());
    }

    @Test
    void aQuoteNeverClosedAtTheEndOfInputIsMalformed() throws IOException {
        List<CsvReader.Row> rows = rows("a\n\"never closed");
        assertEquals(2, rows.size());
        assertTrue(rows.get(1).error().contains("never closed"), rows.get(1).error());
    }

    @Test
    void rejectsQuotesInsideUnquotedFieldsAndTextAfterAClosingQuote() throws IOException {
        List<CsvReader.Row> rows = rows("ab\"c,d\n\"x\"y,z\nok,1\n");
        assertTrue(rows.get(0).malformed());
        assertTrue(rows.get(1).malformed());
        assertEquals(List.of("ok", "1"), rows.get(2).fields());
    }

    @Test
    void aRowOverTheLimitIsRejectedAndReadingGoesOn() throws IOException {
        String longRow = "x".repeat(50_000);
        List<CsvReader.Row> rows = rows("a,b\n" + longRow + ",1\nshort,2\n", 100);
        assertTrue(rows.get(1).malformed());
        assertTrue(rows.get(1).error().contains("limit of 100"), rows.get(1).error());
        assertEquals(List.of("short", "2"), rows.get(2).fields());
    }

    @Test
    void aRowOfExactlyTheLimitWithCrlfIsAccepted() throws IOException {
        String row = "y".repeat(10);
        List<CsvReader.Row> rows = rows(row + "\r\n", 10);
        assertEquals(List.of(row), rows.get(0).fields());
    }

    @Test
    void readsInSmallChunksFromAStream() throws IOException {
        Reader trickle = new Reader() {
            private final String text = "h1,h2\r\n\"a\r\nb\",\"c\"\"\"\r\n";
            private int pos;

            @Override
            public int read(char[] buf, int off, int len) {
                if (pos == text.length()) {
                    return -1;
                }
                buf[off] = text.charAt(pos++);
                return 1;
            }

            @Override
            public void close() {
            }
        };
        CsvReader reader = new CsvReader(trickle, 64);
        assertEquals(List.of("h1", "h2"), reader.next().fields());
        assertEquals(List.of("a\r\nb", "c\""), reader.next().fields());
        assertNull(reader.next());
    }
}
