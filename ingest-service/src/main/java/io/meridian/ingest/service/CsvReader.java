package io.meridian.ingest.service;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A streaming RFC 4180 CSV reader: comma separated, fields optionally in double quotes, {@code ""} is a
 * quote inside a quoted field, quoted fields may span lines, rows end with CRLF or LF. A leading UTF-8
 * byte order mark is dropped. Blank lines (outside quoted fields) are skipped and not counted.
 *
 * <p>Memory is bounded by {@code maxRowChars}: a longer row is skipped to its line end without being
 * kept and comes back as a malformed row. A malformed row (quote inside an unquoted field, text after a
 * closing quote, a quoted field never closed) is returned as one malformed {@link Row}; when the damage
 * came from a quote that swallowed following lines, only the first line is reported and the following
 * lines are read again as rows of their own, so one stray quote costs one row, not the rest of the file.
 */
public final class CsvReader {
    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final int maxRowChars;
    private final char[] buffer = new char[8192];
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    private int position;
    private int limit;
    private boolean endOfInput;
    private boolean firstLine = true;

    /** One row: either its fields, or the reason it is malformed. */
    public record Row(List<String> fields, String error) {
        public boolean malformed() {
            return error != null;
        }
    }

    /** A physical line without its terminator; {@code text} is null when it exceeded the limit. */
    private record Line(String text, String terminator) {
        boolean tooLong() {
            return text == null;
        }
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

    public CsvReader(Reader in, int maxRowChars) {
        if (maxRowChars < 1) {
            throw new IllegalArgumentException("maxRowChars must be positive");
        }
        this.in = in;
        this.maxRowChars = maxRowChars;
    }

    /** The next row, or null at the end of the input. */
    public Row next() throws IOException {
        Line first;
        do {
            first = readLine();
            if (first == null) {
                return null;
            }
        } while (!first.tooLong() && first.text().isEmpty());
        if (first.tooLong()) {
            return tooLong();
        }
        List<Line> consumed = new ArrayList<>();
        consumed.add(first);
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        State state = State.FIELD_START;
        long chars = first.text().length();
        Line line = first;
        while (true) {
            String text = line.text();
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (state) {
                    case FIELD_START -> {
                        if (c == '"') {
                            state = State.QUOTED;
                        } else if (c == ',') {
                            fields.add("");
                        } else {
                            field.append(c);
                            state = State.UNQUOTED;
                        }
                    }
                    case UNQUOTED -> {
                        if (c == ',') {
                            fields.add(field.toString());
                            field.setLength(0);
                            state = State.FIELD_START;
                        } else if (c == '"') {
                            return malformed(consumed, List.of(),
                                "a double quote appears inside an unquoted field (column " + (fields.size() + 1) + ")");
                        } else {
                            field.append(c);
                        }
                    }
                    case QUOTED -> {
                        if (c == '"') {
                            state = State.AFTER_QUOTE;
                        } else {
                            field.append(c);
                        }
                    }
                    case AFTER_QUOTE -> {
                        if (c == '"') {
                            field.append('"');
                            state = State.QUOTED;
                        } else if (c == ',') {
                            fields.add(field.toString());
                            field.setLength(0);
                            state = State.FIELD_START;
                        } else {
                            return malformed(consumed, List.of(),
                                "unexpected text after a closing quote (column " + (fields.size() + 1) + ")");
                        }
                    }
                    default -> throw new IllegalStateException(state.name());
                }
            }
            if (state != State.QUOTED) {
                fields.add(field.toString());
                return new Row(List.copyOf(fields), null);
            }
            // the quoted field goes on in the next line
            Line next = readLine();
            if (next == null) {
                return malformed(consumed, List.of(), "unbalanced quote: a quoted field is never closed");
            }
            if (next.tooLong() || chars + line.terminator().length() + next.text().length() > maxRowChars) {
                return malformed(consumed, List.of(next),
                    "unbalanced quote: a quoted field is not closed within " + maxRowChars + " characters");
            }
            field.append(line.terminator());
            chars += line.terminator().length() + next.text().length();
            consumed.add(next);
            line = next;
        }
    }

    private Row tooLong() {
        return new Row(null, "the row is longer than the limit of " + maxRowChars + " characters");
    }

    /**
     * Reports the first line of a malformed row and pushes every later consumed line back, so they are
     * read again as rows of their own.
     */
    private Row malformed(List<Line> consumed, List<Line> alsoPushBack, String reason) {
        List<Line> again = new ArrayList<>(consumed.subList(1, consumed.size()));
        again.addAll(alsoPushBack);
        for (int i = again.size() - 1; i >= 0; i--) {
            pushedBack.addFirst(again.get(i));
        }
        String message = consumed.size() > 1 || !alsoPushBack.isEmpty()
            ? "malformed quoting: " + reason + "; the following lines are read as rows of their own"
            : "malformed quoting: " + reason;
        return new Row(null, message);
    }

    private Line readLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pollFirst();
        }
        StringBuilder text = new StringBuilder();
        boolean tooLong = false;
        boolean readAny = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!readAny) {
                    return null;
                }
                return finish(text, tooLong, "");
            }
            char c = buffer[position++];
            readAny = true;
            if (c == '\n') {
                if (!tooLong && text.length() > 0 && text.charAt(text.length() - 1) == '\r') {
                    text.setLength(text.length() - 1);
                    return finish(text, false, "\r\n");
                }
                return finish(text, tooLong, "\n");
            }
            if (!tooLong) {
                text.append(c);
                // one extra char of room for a CR that belongs to a CRLF line end
                if (text.length() > maxRowChars + 1) {
                    tooLong = true;
                    text.setLength(0);
                }
            }
        }
    }

    private Line finish(StringBuilder text, boolean tooLong, String terminator) {
        if (tooLong || text.length() > maxRowChars) {
            firstLine = false;
            return new Line(null, terminator);
        }
        if (firstLine) {
            firstLine = false;
            if (text.length() > 0 && text.charAt(0) == BOM) {
                text.deleteCharAt(0);
            }
        }
        return new Line(text.toString(), terminator);
    }

    private boolean fill() throws IOException {
        if (endOfInput) {
            return false;
        }
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            endOfInput = true;
            return false;
        }
        position = 0;
        limit = n;
        return true;
    }
}
