package io.meridian.ingest.format;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * One row of a columnar input (CSV) as the read-only map from column name to cell the validator reads: a view over
 * the row's cells and the input's column index, built once per file. It replaces a hash map per row, which cost
 * a table, an entry per column and its rehashing for every row read.
 */
final class ColumnRow extends AbstractMap<String, String> {
    private final Columns columns;
    private final List<String> cells;

    private ColumnRow(Columns columns, List<String> cells) {
        this.columns = columns;
        this.cells = cells;
    }

    /** The column names of one input and their positions. */
    static final class Columns {
        private final List<String> names;
        private final Map<String, Integer> index;

        Columns(List<String> names) {
            this.names = List.copyOf(names);
            this.index = new HashMap<>(names.size() * 2);
            for (int i = 0; i < names.size(); i++) {
                index.putIfAbsent(names.get(i), i);
            }
        }

        int size() {
            return names.size();
        }

        /** The row of {@code cells}, one per column in order. */
        Map<String, String> row(List<String> cells) {
            if (cells.size() != names.size()) {
                throw new IllegalArgumentException(cells.size() + " cells for " + names.size() + " columns");
            }
            return new ColumnRow(this, cells);
        }
    }

    @Override
    public String get(Object name) {
        Integer i = columns.index.get(name);
        return i == null ? null : cells.get(i);
    }

    @Override
    public boolean containsKey(Object name) {
        return columns.index.containsKey(name);
    }

    @Override
    public int size() {
        return cells.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < cells.size();
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= cells.size()) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(columns.names.get(i), cells.get(i));
                    }
                };
            }

            @Override
            public int size() {
                return cells.size();
            }
        };
    }
}
