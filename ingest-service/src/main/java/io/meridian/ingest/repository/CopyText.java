package io.meridian.ingest.repository;

/**
 * Builds rows of PostgreSQL's {@code COPY ... FROM STDIN (FORMAT text)}: columns separated by a tab, rows
 * ended by a newline. A backslash, tab, newline and carriage return inside a value are written as the
 * escapes {@code \\}, {@code \t}, {@code \n}, {@code \r}, so a value can never end a column or a row
 * early; every other character (quotes, unicode) is passed through as is and sent as UTF-8. No column is
 * ever NULL here, so the {@code \N} marker is never written (a value {@code \N} is sent as {@code \\N}).
 */
public final class CopyText {
    private final StringBuilder out;
    private boolean rowStarted;

    public CopyText(int capacity) {
        this.out = new StringBuilder(capacity);
    }

    /** Appends one text column to the current row. */
    public CopyText column(String value) {
        separator();
        for (int i = 0, n = value.length(); i < n; i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(ch);
            }
        }
        return this;
    }

    /** Appends one number column to the current row (needs no escaping). */
    public CopyText column(long value) {
        separator();
        out.append(value);
        return this;
    }

    /** Ends the current row. */
    public CopyText endRow() {
        out.append('\n');
        rowStarted = false;
        return this;
    }

    /** Characters buffered so far. */
    public int length() {
        return out.length();
    }

    /** The buffered rows, and empties the buffer. */
    public String drain() {
        String text = out.toString();
        out.setLength(0);
        return text;
    }

    private void separator() {
        if (rowStarted) {
            out.append('\t');
        }
        rowStarted = true;
    }
}
