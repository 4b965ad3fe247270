package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.meridian.ingest.model.SourceRecord;
import io.meridian.problem.ProblemException;

/**
 * {@code application/x-ndjson}: one JSON object per line (UTF-8), blank lines skipped and not counted.
 * Coordinates are {@code <source>:<line>}. Each line is parsed on its own, so a malformed, over-long, too
 * deep or wrongly encoded line costs only that line.
 */
final class NdjsonRecordReader implements RecordReader {
    private final InputStream in;
    private final ByteLineSource lines;
    private final JsonFactory factory;
    private final ReadLimits limits;
    private final String source;
    private Line pending;
    private long position;

    NdjsonRecordReader(InputStream in, ReadLimits limits, String source) throws IOException {
        this.in = in;
        this.lines = new ByteLineSource(in, StandardCharsets.UTF_8, limits.maxRecordChars());
        this.factory = JsonRecords.factory(limits);
        this.limits = limits;
        this.source = source;
        this.pending = nextLine();
        if (pending == null) {
            throw ProblemException.badRequest("body", "The upload is empty: send one JSON object per line.");
        }
    }

    private Line nextLine() throws IOException {
        Line line;
        do {
            line = lines.readLine();
        } while (line != null && !line.bad() && line.text().isBlank());
        return line;
    }

    @Override
    public Item next() throws IOException {
        Line line = pending != null ? pending : nextLine();
        pending = null;
        if (line == null) {
            return null;
        }
        position++;
        String coordinates = source + ":" + line.number();
        if (line.bad()) {
            return Item.unparseable(position, coordinates, null, "", line.error());
        }
        try (JsonParser p = factory.createParser(line.text())) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                return Item.unparseable(position, coordinates, line.text(), "", "the line is not a JSON object");
            }
            JsonRecords.Parsed parsed = JsonRecords.readObject(p, factory, limits);
            if (parsed.error() != null) {
                return Item.unparseable(position, coordinates, line.text(), parsed.field(), parsed.error());
            }
            if (p.nextToken() != null) {
                return Item.unparseable(position, coordinates, line.text(), "",
                    "unexpected content after the object on the same line");
            }
            return Item.parsed(new SourceRecord(position, coordinates, parsed.fields(), line.text()));
        } catch (JsonProcessingException e) {
            return Item.unparseable(position, coordinates, line.text(), "", JsonRecords.describe(e));
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
