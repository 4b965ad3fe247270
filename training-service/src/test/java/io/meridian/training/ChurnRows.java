package io.meridian.training;

import java.util.ArrayList;
import java.util.List;

import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.testing.ChurnData;

/** {@link ChurnData} and {@link HousingData} rows as typed records, the way ingest- and feature-service serve them. */
public final class ChurnRows {
    private ChurnRows() {
    }

    public static List<Record> records(int rows, long seed) {
        return fromCsv(ChurnData.csv(rows, seed));
    }

    public static List<Record> housing(int rows, long seed) {
        return fromCsv(HousingData.csv(rows, seed));
    }

    private static List<Record> fromCsv(String csv) {
        String[] lines = csv.split("\n");
        String[] header = lines[0].split(",");
        List<Record> records = new ArrayList<>(lines.length - 1);
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            Record.Builder record = Record.newBuilder();
            for (int c = 0; c < header.length; c++) {
                record.putFields(header[c], typed(header[c], cells[c]));
            }
            records.add(record.build());
        }
        return records;
    }

    /**
     * A non-linear binary target no linear model can separate: {@code x} and {@code y} uniform in [-1, 1],
     * {@code noise} unrelated, {@code same_sign} true when x*y > 0 (a checkerboard of four quadrants), with 5% of
     * the labels flipped. Seeded.
     */
    public static List<Record> checkerboard(int rows, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        List<Record> records = new ArrayList<>(rows);
        for (int i = 0; i < rows; i++) {
            double x = Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0;
            double y = Math.round((random.nextDouble() * 2 - 1) * 1000) / 1000.0;
            double noise = Math.round(random.nextDouble() * 1000) / 1000.0;
            boolean label = x * y > 0 ^ random.nextDouble() < 0.05;
            records.add(Record.newBuilder()
                .putFields("point_id", Value.newBuilder().setStringValue(String.format("P%05d", i + 1)).build())
                .putFields("x", Value.newBuilder().setDoubleValue(x).build())
                .putFields("y", Value.newBuilder().setDoubleValue(y).build())
                .putFields("noise", Value.newBuilder().setDoubleValue(noise).build())
                .putFields("same_sign", Value.newBuilder().setBoolValue(label).build())
                .build());
        }
        return records;
    }

    private static Value typed(String column, String cell) {
        return switch (column) {
            case "tenure_months", "support_calls", "rooms", "age_years" ->
                Value.newBuilder().setIntValue(Long.parseLong(cell)).build();
            case "monthly_charges", "area_sqm", "price" ->
                Value.newBuilder().setDoubleValue(Double.parseDouble(cell)).build();
            case "paperless_billing", "churned", "garage" ->
                Value.newBuilder().setBoolValue(Boolean.parseBoolean(cell)).build();
            default -> Value.newBuilder().setStringValue(cell).build();
        };
    }
}
