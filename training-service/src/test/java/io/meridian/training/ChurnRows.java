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
        List<Record> records = new ArrayList<>(rows);
        String[] lines = ChurnData.csv(rows, seed).split("\n");
        String[] header = lines[0].split(",");
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

    public static List<Record> housing(int rows, long seed) {
        List<Record> records = new ArrayList<>(rows);
        String[] lines = HousingData.csv(rows, seed).split("\n");
        String[] header = lines[0].split(",");
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
