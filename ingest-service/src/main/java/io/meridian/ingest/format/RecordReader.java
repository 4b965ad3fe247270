package io.meridian.ingest.format;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.meridian.ingest.model.SourceRecord;

/**
 * Reads the records of one input (an upload body or an inbox file) one at a time, streaming: memory is
 * bounded by the record size limit, never by the input size. Problems of the whole input that are found
 * before the first record (empty input, malformed CSV header, not a JSON array, ...) are thrown by
 * {@link RecordReaders#open} as a 400 problem; everything after that is a per-record {@link Item}.
 */
public interface RecordReader extends Closeable {
    /** The next record, a record that could not be parsed, or null at the end of the input. */
    Item next() throws IOException;

    /** The column names a CSV header declared (checked against the contract); empty for self-describing formats. */
    default Optional<List<String>> columns() {
        return Optional.empty();
    }

    /**
     * One record read from the input. {@code record} always carries the position, coordinates and (when it
     * could be kept) the original text; for a record that could not be parsed its fields are empty and
     * {@code error} says why ({@code field} names the field at fault, empty for the whole record).
     */
    record Item(SourceRecord record, String field, String error) {
        public static Item parsed(SourceRecord record) {
            return new Item(record, null, null);
        }

        public static Item unparseable(long position, String coordinates, String payload, String field, String error) {
            return new Item(new SourceRecord(position, coordinates, java.util.Map.of(), payload), field, error);
        }

        public boolean ok() {
            return error == null;
        }
    }
}
