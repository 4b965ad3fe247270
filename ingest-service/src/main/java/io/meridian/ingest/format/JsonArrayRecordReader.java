package io.meridian.ingest.format;

import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

import io.meridian.ingest.model.SourceRecord;
import io.meridian.problem.ProblemException;

/**
 * {@code application/json}: one array of objects, streamed element by element. Coordinates are
 * {@code <source>:<line> $[<index>]} (0-based index, JSONPath style). An element that is not an object, is
 * nested too deep, is over the size limit or repeats a field is rejected on its own. Malformed JSON cannot be
 * resynchronised inside an array: the records before the break are kept and the rest of the input becomes
 * one rejection naming the line and column.
 */
final class JsonArrayRecordReader implements RecordReader {
    private final JsonParser parser;
    private final JsonFactory factory;
    private final ReadLimits limits;
    private final String source;
    private long position;
    private boolean finished;

    JsonArrayRecordReader(InputStream in, ReadLimits limits, String source) throws IOException {
        this.factory = JsonRecords.factory(limits);
        this.limits = limits;
        this.source = source;
        this.parser = factory.createParser(in);
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            parser.close();
            throw ProblemException.badRequest("body", "The upload is not a JSON array: " + JsonRecords.describe(e));
        } catch (CharConversionException e) {
            parser.close();
            throw ProblemException.badRequest("body", "The upload is not valid JSON text: " + e.getMessage());
        }
        if (first == null) {
            parser.close();
            throw ProblemException.badRequest("body", "The upload is empty: send a JSON array of records.");
        }
        if (first != JsonToken.START_ARRAY) {
            parser.close();
            throw ProblemException.badRequest("body", "application/json uploads are one JSON array of objects "
                + "([{...},{...}]); for one object per line send application/x-ndjson.");
        }
    }

    @Override
    public Item next() throws IOException {
        if (finished) {
            return null;
        }
        long index = position;
        String coordinates = source + ":" + parser.currentLocation().getLineNr() + " $[" + index + "]";
        try {
            JsonToken t = parser.nextToken();
            coordinates = source + ":" + parser.currentTokenLocation().getLineNr() + " $[" + index + "]";
            if (t == JsonToken.END_ARRAY) {
                finished = true;
                if (parser.nextToken() != null) {
                    position++;
                    return Item.unparseable(position, source + ":" + parser.currentTokenLocation().getLineNr(),
                        null, "", "unexpected content after the end of the array; it is not read");
                }
                return null;
            }
            position++;
            if (t != JsonToken.START_OBJECT) {
                String payload = t.isScalarValue() ? parser.getText() : null;
                parser.skipChildren();
                return Item.unparseable(position, coordinates, payload, "", "the array element is not a JSON object");
            }
            JsonRecords.Parsed parsed = JsonRecords.readObject(parser, factory, limits);
            if (parsed.error() != null) {
                return Item.unparseable(position, coordinates, parsed.payload(), parsed.field(), parsed.error());
            }
            return Item.parsed(new SourceRecord(position, coordinates, parsed.fields(), parsed.payload()));
        } catch (JsonProcessingException e) {
            return broken(index, coordinates, JsonRecords.describe(e));
        } catch (CharConversionException e) {
            return broken(index, coordinates, "the input is not valid UTF-8 JSON text: " + e.getMessage());
        }
    }

    private Item broken(long index, String coordinates, String reason) {
        finished = true;
        if (position == index) {
            position++;
        }
        return Item.unparseable(position, coordinates, null, "", reason + "; the array cannot be read past this "
            + "point, so element $[" + index + "] and everything after it is not read");
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
