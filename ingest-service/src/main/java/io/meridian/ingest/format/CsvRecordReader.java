package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.meridian.ingest.model.FieldValues;
import io.meridian.ingest.model.SourceRecord;
import io.meridian.ingest.service.CsvReader;
import io.meridian.problem.ProblemException;

/**
 * CSV records: a header row (or the {@code columns} option) names the columns; each following row becomes
 * one record with a value per column. Coordinates are {@code <source>:<line>} (the physical line the row
 * starts on, the header being line 1). Rows with a different number of columns, malformed quoting, bytes
 * invalid in the encoding or over the length limit are records that could not be parsed.
 */
final class CsvRecordReader implements RecordReader {
    private final InputStream in;
    private final CsvReader rows;
    private final String source;
    private final List<String> columns;
    /** The columns as shared names: each row is a {@link FieldValues} over them, no hash map per row. */
    private final FieldValues.Names names;
    private CsvReader.Row pending;
    private long position;

    CsvRecordReader(InputStream in, CsvOptions options, ReadLimits limits, String source) throws IOException {
        this.in = in;
        this.source = source;
        this.rows = new CsvReader(new ByteLineSource(in, options.charset(), limits.maxRecordChars()),
            limits.maxRecordChars(), options.delimiter(), options.quote());
        CsvReader.Row first = rows.next();
        if (first == null) {
            throw ProblemException.badRequest("body", options.header()
                ? "The upload is empty: send a header row naming the contract's columns, then the data rows."
                : "The upload is empty: send the data rows.");
        }
        if (options.header()) {
            if (first.malformed()) {
                throw ProblemException.badRequest("header", "The header row is malformed: " + first.error());
            }
            this.columns = first.fields().stream().map(String::strip).toList();
        } else {
            this.columns = options.columns();
            this.pending = first;
        }
        Set<String> seen = new HashSet<>();
        for (String name : columns) {
            if (!seen.add(name)) {
                throw ProblemException.badRequest(name, "The " + (options.header() ? "header" : "columns parameter")
                    + " names column '" + name + "' twice.");
            }
        }
        this.names = new FieldValues.Names(columns);
    }

    @Override
    public Optional<List<String>> columns() {
        return Optional.of(columns);
    }

    @Override
    public Item next() throws IOException {
        CsvReader.Row row = pending != null ? pending : rows.next();
        pending = null;
        if (row == null) {
            return null;
        }
        position++;
        String coordinates = source + ":" + row.line();
        if (row.malformed()) {
            return Item.unparseable(position, coordinates, row.text(), "", row.error());
        }
        List<String> cells = row.fields();
        if (cells.size() != columns.size()) {
            return Item.unparseable(position, coordinates, row.text(), "", "expected " + columns.size()
                + " columns as in the header but found " + cells.size());
        }
        return Item.parsed(new SourceRecord(position, coordinates, new FieldValues(names, cells.toArray()),
            row.text()));
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
