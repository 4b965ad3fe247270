package io.meridian.ingest.service;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;

import io.meridian.ingest.format.Line;
import io.meridian.ingest.format.LineSource;
import io.meridian.ingest.format.ReaderLineSource;

/**
 * A streaming RFC 4180 CSV tokenizer over physical lines ({@link LineSource}): fields separated by the
 * delimiter (comma by default), optionally enclosed in the quote character ({@code "} by default), a doubled
 * quote is a quote inside a quoted field, quoted fields may span lines, rows end with CRLF or LF. The line
 * source drops a leading byte order mark. Blank lines (outside quoted fields) are skipped and not counted.
 *
 * <p>Memory is bounded by {@code maxRowChars}: a longer row is skipped to its line end without being
 * kept and comes back as a malformed row; so does a line the source could not decode. A malformed row
 * (quote inside an unquoted field, text after a closing quote, a quoted field never closed) is returned as
 * one malformed {@link Row}; when the damage came from a quote that swallowed following lines, only the first
 * line is reported and the following lines are read again as rows of their own, so one stray quote costs one
 * row, not the rest of the file.
 */
public final class CsvReader {
    private final LineSource lines;
    private final int maxRowChars;
    private final char delimiter;
    private final char quote;
    private final Deque<Line> pushedBack = new ArrayDeque<>();
    /** Reused for every field (the reader is single-threaded). */
    private final StringBuilder field = new StringBuilder();
    /** The widest row so far: new rows' field lists start at this capacity. */
    private int width = 8;

    /**
     * One row: either its fields, or the reason it is malformed.
     *
     * @param line 1-based physical line the row starts on
     * @param text the row's original text (its lines joined with their line ends); null when not kept
     */
    public record Row(List<String> fields, String error, long line, String text) {
        public Row(List<String> fields, String error) {
            this(fields, error, 0, null);
        }

        public boolean malformed() {
            return error != null;
        }
    }

    private enum State { FIELD_START, UNQUOTED, QUOTED, AFTER_QUOTE }

    /** Comma separated, double quotes, over decoded text. */
    public CsvReader(Reader in, int maxRowChars) {
        this(new ReaderLineSource(in, maxRowChars), maxRowChars, ',', '"');
    }

    public CsvReader(LineSource lines, int maxRowChars, char delimiter, char quote) {
        if (maxRowChars < 1) {
            throw new IllegalArgumentException("maxRowChars must be positive");
        }
        if (delimiter == quote || delimiter == '\n' || delimiter == '\r' || quote == '\n' || quote == '\r') {
            throw new IllegalArgumentException("the delimiter and the quote must differ and not be line ends");
        }
        this.lines = lines;
        this.maxRowChars = maxRowChars;
        this.delimiter = delimiter;
        this.quote = quote;
    }

    /** The next row, or null at the end of the input. */
    public Row next() throws IOException {
        Line first;
        do {
            first = readLine();
            if (first == null) {
                return null;
            }
        } while (!first.bad() && first.text().isEmpty());
        if (first.bad()) {
            return new Row(null, first.error().replace("the line is", "the row is"), first.number(), null);
        }
        List<Line> consumed = new ArrayList<>();
        consumed.add(first);
        List<String> fields = new ArrayList<>(width);
        StringBuilder field = this.field;
        field.setLength(0);
        State state = State.FIELD_START;
        long chars = first.text().length();
        Line line = first;
        while (true) {
            String text = line.text();
            int length = text.length();
            for (int i = 0; i < length; i++) {
                char c = text.charAt(i);
                switch (state) {
                    case FIELD_START -> {
                        if (c == quote) {
                            state = State.QUOTED;
                        } else if (c == delimiter) {
                            fields.add("");
                        } else {
                            // an unquoted field: found to its end and taken in one piece
                            int end = i + 1;
                            while (end < length && text.charAt(end) != delimiter && text.charAt(end) != quote) {
                                end++;
                            }
                            if (end < length && text.charAt(end) == delimiter) {
                                fields.add(text.substring(i, end));
                                i = end; // the delimiter: the next field starts after it
                            } else {
                                field.append(text, i, end);
                                state = State.UNQUOTED;
                                i = end - 1; // a quote (malformed) or the line end comes next
                            }
                        }
                    }
                    case UNQUOTED -> {
                        if (c == delimiter) {
                            fields.add(field.toString());
                            field.setLength(0);
                            state = State.FIELD_START;
                        } else if (c == quote) {
                            return malformed(consumed, List.of(),
                                "a quote appears inside an unquoted field (column " + (fields.size() + 1) + ")");
                        } else {
                            field.append(c);
                        }
                    }
                    case QUOTED -> {
                        if (c == quote) {
                            state = State.AFTER_QUOTE;
                        } else {
                            // up to the next quote (or the line end) in one piece
                            int end = text.indexOf(quote, i + 1);
                            end = end < 0 ? length : end;
                            field.append(text, i, end);
                            i = end - 1;
                        }
                    }
                    case AFTER_QUOTE -> {
                        if (c == quote) {
                            field.append(quote);
                            state = State.QUOTED;
                        } else if (c == delimiter) {
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
                width = Math.max(width, fields.size());
                return new Row(Collections.unmodifiableList(fields), null, first.number(), text(consumed));
            }
            // the quoted field goes on in the next line
            Line next = readLine();
            if (next == null) {
                return malformed(consumed, List.of(), "unbalanced quote: a quoted field is never closed");
            }
            if (next.bad()) {
                return malformed(consumed, List.of(next),
                    "unbalanced quote: a quoted field runs into a line that cannot be read (" + next.error() + ")");
            }
            if (chars + line.terminator().length() + next.text().length() > maxRowChars) {
                return malformed(consumed, List.of(next),
                    "unbalanced quote: a quoted field is not closed within " + maxRowChars + " characters");
            }
            field.append(line.terminator());
            chars += line.terminator().length() + next.text().length();
            consumed.add(next);
            line = next;
        }
    }

    private static String text(List<Line> consumed) {
        if (consumed.size() == 1) {
            return consumed.get(0).text();
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < consumed.size(); i++) {
            if (i > 0) {
                out.append(consumed.get(i - 1).terminator());
            }
            out.append(consumed.get(i).text());
        }
        return out.toString();
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
        Line first = consumed.get(0);
        return new Row(null, message, first.number(), first.text());
    }

    private Line readLine() throws IOException {
        if (!pushedBack.isEmpty()) {
            return pushedBack.pollFirst();
        }
        return lines.readLine();
    }
}
