package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits a byte stream into lines at LF (a CR before it belongs to the terminator) and decodes each line on
 * its own with a strict decoder ({@link CodingErrorAction#REPORT}): a line with bytes that are invalid in the
 * charset comes back as a bad {@link Line} naming the byte offset, and the lines after it are unaffected.
 * Only ASCII-compatible charsets can be split this way (UTF-8, ISO-8859-*, windows-125*, ...; see
 * {@link #supports(Charset)}).
 *
 * <p>Memory is bounded: a line longer than {@code maxChars} characters (or its worst-case byte length) is
 * skipped to its end without being kept and comes back as a bad line with a limit message.
 */
public final class ByteLineSource implements LineSource {
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final InputStream in;
    private final Charset charset;
    private final CharsetDecoder decoder;
    private final int maxChars;
    private final int maxBytes;
    private final boolean utf8;
    private final byte[] buffer = new byte[64 * 1024];
    private byte[] line = new byte[1024];
    private int position;
    private int limit;
    private long number;
    private boolean endOfInput;
    private String decodeError;

    public ByteLineSource(InputStream in, Charset charset, int maxChars) {
        if (!supports(charset)) {
            throw new IllegalArgumentException(charset + " is not an ASCII-compatible charset");
        }
        this.in = in;
        this.charset = charset;
        this.decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        this.maxChars = maxChars;
        // one extra char of room for the CR of a CRLF; UTF-8 needs at most 3 bytes per char (4 per surrogate pair)
        this.maxBytes = (int) Math.min(Integer.MAX_VALUE - 16,
            (long) (maxChars + 1) * (long) Math.ceil(charset.newEncoder().maxBytesPerChar()));
        this.utf8 = charset.equals(StandardCharsets.UTF_8);
    }

    /** Whether lines of this charset can be found by looking for the LF byte: ASCII maps to single bytes. */
    public static boolean supports(Charset charset) {
        if (!charset.canEncode()) {
            return false;
        }
        byte[] ascii = "\n\r,;\t\"'<{[ az09".getBytes(charset);
        return Arrays.equals(ascii, "\n\r,;\t\"'<{[ az09".getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Line readLine() throws IOException {
        int length = 0;
        boolean tooLong = false;
        boolean readAny = false;
        boolean terminated = false;
        while (!terminated) {
            if (position == limit && !fill()) {
                if (!readAny) {
                    return null;
                }
                break;
            }
            readAny = true;
            int start = position;
            int end = start;
            while (end < limit && buffer[end] != LF) {
                end++;
            }
            terminated = end < limit;
            int chunk = end - start;
            position = terminated ? end + 1 : end;
            if (tooLong) {
                continue;
            }
            if (length + chunk > maxBytes) {
                tooLong = true;
                continue;
            }
            if (length + chunk > line.length) {
                line = Arrays.copyOf(line, Math.max(length + chunk, Math.min(maxBytes, line.length * 2)));
            }
            System.arraycopy(buffer, start, line, length, chunk);
            length += chunk;
        }
        number++;
        String terminator = terminated ? "\n" : "";
        if (!tooLong && terminated && length > 0 && line[length - 1] == CR) {
            length--;
            terminator = "\r\n";
        }
        if (tooLong) {
            return new Line(number, null, terminator, "the line is longer than the limit of " + maxChars + " characters");
        }
        int offset = 0;
        if (number == 1 && utf8 && length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB
            && (line[2] & 0xFF) == 0xBF) {
            offset = 3;
        }
        String text;
        if (isAscii(line, offset, length)) {
            text = new String(line, offset, length - offset, StandardCharsets.ISO_8859_1);
        } else {
            text = decode(offset, length);
            if (text == null) {
                return new Line(number, null, terminator, decodeError);
            }
        }
        if (number == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') {
            text = text.substring(1);
        }
        if (text.length() > maxChars) {
            return new Line(number, null, terminator, "the line is longer than the limit of " + maxChars + " characters");
        }
        return new Line(number, text, terminator, null);
    }

    /** The decoded text, or null with {@link #decodeError} set when the bytes are invalid in the charset. */
    private String decode(int offset, int length) {
        ByteBuffer bytes = ByteBuffer.wrap(line, offset, length - offset);
        CharBuffer chars = CharBuffer.allocate(length - offset);
        decoder.reset();
        CoderResult result = decoder.decode(bytes, chars, true);
        if (result.isUnderflow()) {
            result = decoder.flush(chars);
        }
        if (result.isError()) {
            decodeError = "the line is not valid " + charset.name() + ": invalid byte sequence at byte "
                + (bytes.position() - offset + 1) + " of the line (" + hex(bytes.position(), result.length()) + ")";
            return null;
        }
        chars.flip();
        return chars.toString();
    }

    private String hex(int from, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = from; i < from + Math.min(count, 4) && i < line.length; i++) {
            if (out.length() > 0) {
                out.append(' ');
            }
            out.append(String.format("0x%02X", line[i] & 0xFF));
        }
        return out.toString();
    }

    private static boolean isAscii(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
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
