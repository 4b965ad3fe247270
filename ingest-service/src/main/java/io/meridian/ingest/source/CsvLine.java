package io.meridian.ingest.source;

import java.util.ArrayList;
import java.util.List;

/** Splits one CSV line (RFC 4180 quoting: {@code "a,b"}, {@code ""} escapes) for Kafka CSV values. */
final class CsvLine {
    private CsvLine() {
    }

    /** The cells; {@link IllegalArgumentException} with a reason for malformed quoting. */
    static List<String> split(String line, char delimiter) {
        String text = line.endsWith("\r\n") ? line.substring(0, line.length() - 2)
            : line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        int i = 0;
        boolean quoted = false;
        boolean afterQuote = false;
        while (i < text.length()) {
            char ch = text.charAt(i++);
            if (quoted) {
                if (ch == '"') {
                    if (i < text.length() && text.charAt(i) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                        afterQuote = true;
                    }
                } else {
                    cell.append(ch);
                }
            } else if (ch == delimiter) {
                cells.add(cell.toString());
                cell.setLength(0);
                afterQuote = false;
            } else if (ch == '"' && cell.length() == 0 && !afterQuote) {
                quoted = true;
            } else if (afterQuote || ch == '"') {
                throw new IllegalArgumentException("malformed quoting at character " + i);
            } else {
                cell.append(ch);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("unbalanced quotes: a quoted value is not closed");
        }
        cells.add(cell.toString());
        return cells;
    }
}
