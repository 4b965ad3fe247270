package io.meridian.ingest.format;

/**
 * One physical line of a text input, without its terminator.
 *
 * @param number     1-based line number in the input
 * @param text       the decoded text; null when the line could not be kept (see {@code error})
 * @param terminator {@code "\n"}, {@code "\r\n"} or {@code ""} at the end of the input
 * @param error      why the line has no text: longer than the limit, or bytes invalid in the input's encoding
 */
public record Line(long number, String text, String terminator, String error) {
    public boolean bad() {
        return text == null;
    }
}
