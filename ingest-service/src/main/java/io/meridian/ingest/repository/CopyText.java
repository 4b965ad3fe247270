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

    /** Appends one text column to the current row; runs of characters that need no escape are appended in bulk. */
    public CopyText column(String value) {
        separator();
        int plain = 0;
        for (int i = 0, n = value.length(); i < n; i++) {
            char ch = value.charAt(i);
            if (ch != '\\' && ch != '\t' && ch != '\n' && ch != '\r') {
                continue;
            }
            out.append(value, plain, i);
            plain = i + 1;
            switch (ch) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                default -> out.append("\\r");
            }
        }
        out.append(value, plain, value.length());
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
