package io.meridian.ingest.format;

import java.io.IOException;

/** Physical lines of a text input, one at a time, each bounded in length. */
public interface LineSource {
    /** The next line, or null at the end of the input. A leading byte order mark of line 1 is dropped. */
    Line readLine() throws IOException;
}
