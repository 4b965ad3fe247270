package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;

/** Opens the {@link RecordReader} of a format. */
public final class RecordReaders {
    private RecordReaders() {
    }

    /**
     * Opens a reader and reads what comes before the first record (CSV header, the JSON array's bracket, the
     * XML root element). An input that is empty or unusable as a whole is a 400 problem
     * ({@link io.meridian.problem.ProblemException}) naming {@code body}, {@code header} or the column.
     *
     * @param source the name used in coordinates, e.g. {@code upload.csv} or the inbox file name
     * @param csv    CSV options (ignored by the other formats)
     */
    public static RecordReader open(FileFormat format, InputStream in, CsvOptions csv, ReadLimits limits,
        String source) throws IOException {
        return switch (format) {
            case CSV -> new CsvRecordReader(in, csv, limits, source);
            case JSON -> new JsonArrayRecordReader(in, limits, source);
            case NDJSON -> new NdjsonRecordReader(in, limits, source);
            case XML -> new XmlRecordReader(in, limits, source);
        };
    }
}
