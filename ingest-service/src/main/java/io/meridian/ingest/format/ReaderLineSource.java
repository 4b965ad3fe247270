package io.meridian.ingest.format;

import java.io.IOException;
import java.io.Reader;

/**
 * Lines of already decoded text (a {@link Reader}); a line longer than {@code maxChars} is skipped to its end
 * without being kept and comes back as a bad {@link Line}. Used where the text is not bytes (tests, strings).
 */
public final class ReaderLineSource implements LineSource {
    private static final char BOM = '\uFEFF';

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long number;
    private boolean endOfInput;

    public ReaderLineSource(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    @Override
    public Line readLine() throws IOException {
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
                if (text.length() > maxChars + 1) {
                    tooLong = true;
                    text.setLength(0);
                }
            }
        }
    }

    private Line finish(StringBuilder text, boolean tooLong, String terminator) {
        number++;
        if (tooLong || text.length() > maxChars) {
            return new Line(number, null, terminator, "the line is longer than the limit of " + maxChars + " characters");
        }
        if (number == 1 && text.length() > 0 && text.charAt(0) == BOM) {
            text.deleteCharAt(0);
        }
        return new Line(number, text.toString(), terminator, null);
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
