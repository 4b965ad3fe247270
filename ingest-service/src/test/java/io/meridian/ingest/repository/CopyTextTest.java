package io.meridian.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CopyTextTest {
    @Test
    void separatesColumnsWithTabsAndEndsRowsWithNewlines() {
        String text = new CopyText(64).column("a").column(7).column("b").endRow().column("c").endRow().drain();
        assertEquals("a\t7\tb\nc\n", text);
    }

    @Test
    void escapesBackslashTabNewlineAndCarriageReturn() {
        String text = new CopyText(64).column("x\\y\tz\nw\rv").endRow().drain();
        assertEquals("x\\\\y\\tz\\nw\\rv\n", text);
    }

    @Test
    void aValueThatLooksLikeTheNullMarkerStaysText() {
        assertEquals("\\\\N\n", new CopyText(8).column("\\N").endRow().drain());
    }

    @Test
    void passesQuotesAndUnicodeThrough() {
        String value = "\"quoted\" 'single' caf\u00e9 \u4e2d\u6587 \ud83d\ude80";
        assertEquals(value + "\n", new CopyText(8).column(value).endRow().drain());
    }

    @Test
    void drainEmptiesTheBuffer() {
        CopyText rows = new CopyText(8).column("a").endRow();
        assertEquals(2, rows.length());
        rows.drain();
        assertEquals(0, rows.length());
        assertEquals("b\n", rows.column("b").endRow().drain());
    }
}
