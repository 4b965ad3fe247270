package io.meridian.ingest.format;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.meridian.testing.ChurnData;

/**
 * Parse-only rate of each reader on a generated 200,000-row churn input (7 columns, mixed types): prints
 * rows/s, asserts nothing. Not a test; run it with
 * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) io.meridian.ingest.format.ReaderThroughput}
 * (see the README).
 */
public final class ReaderThroughput {
    private ReaderThroughput() {
    }

    public static void main(String[] args) throws IOException {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        String csv = ChurnData.csv(rows, 42);
        String[] lines = csv.split("\r?\n");
        String[] header = lines[0].split(",");
        StringBuilder ndjson = new StringBuilder();
        StringBuilder json = new StringBuilder("[\n");
        StringBuilder xml = new StringBuilder("<records>\n");
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",", -1);
            StringBuilder object = new StringBuilder("{");
            xml.append("<record");
            for (int c = 0; c < header.length; c++) {
                object.append(c == 0 ? "" : ",").append('"').append(header[c]).append("\":\"").append(cells[c]).append('"');
                xml.append(' ').append(header[c]).append("=\"").append(cells[c]).append('"');
            }
            object.append('}');
            xml.append("/>\n");
            ndjson.append(object).append('\n');
            json.append(i == 1 ? "" : ",\n").append(object);
        }
        json.append("\n]\n");
        xml.append("</records>\n");
        ReadLimits limits = new ReadLimits(1_048_576, ReadLimits.DEFAULT_MAX_DEPTH);
        byte[][] inputs = {csv.getBytes(StandardCharsets.UTF_8), ndjson.toString().getBytes(StandardCharsets.UTF_8),
            json.toString().getBytes(StandardCharsets.UTF_8), xml.toString().getBytes(StandardCharsets.UTF_8)};
        FileFormat[] formats = {FileFormat.CSV, FileFormat.NDJSON, FileFormat.JSON, FileFormat.XML};
        for (int round = 0; round < 3; round++) {
            for (int f = 0; f < formats.length; f++) {
                long start = System.nanoTime();
                long read = 0;
                long bad = 0;
                try (RecordReader reader = RecordReaders.open(formats[f], new ByteArrayInputStream(inputs[f]),
                    CsvOptions.DEFAULT, limits, "bench")) {
                    RecordReader.Item item;
                    while ((item = reader.next()) != null) {
                        read++;
                        if (!item.ok()) {
                            bad++;
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "round %d %-6s %,d records (%d unparseable), %,.1f MB in %.2f s: %,.0f rows/s%n",
                    round + 1, formats[f], read, bad, inputs[f].length / 1e6, seconds, read / seconds);
            }
        }
    }
}
