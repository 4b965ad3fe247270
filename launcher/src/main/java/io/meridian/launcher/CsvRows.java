package io.meridian.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Splits the simple sample CSV (header row, no quoted commas) into rows keyed by column. */
final class CsvRows {
    private CsvRows() {
    }

    static List<Map<String, String>> parse(String csv) {
        String[] lines = csv.split("\n");
        String[] header = lines[0].trim().split(",", -1);
        List<Map<String, String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String[] cells = lines[i].trim().split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int c = 0; c < header.length && c < cells.length; c++) {
                row.put(header[c], cells[c]);
            }
            rows.add(row);
        }
        return rows;
    }
}
