package io.meridian.training.engine.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Raw training data, column-major: numeric columns as {@code double[]} with {@link Double#NaN} for a missing
 * value, categorical columns as {@code String[]} with {@code null} for a missing value (an empty string given to
 * the builder is missing too). Every column has
 * {@link #rows()} entries. Immutable by convention: nobody writes into the arrays after construction.
 */
public final class Frame {
    private final List<FeatureColumn> columns;
    private final Map<String, double[]> numeric;
    private final Map<String, String[]> categorical;
    private final int rows;

    private Frame(List<FeatureColumn> columns, Map<String, double[]> numeric, Map<String, String[]> categorical,
                  int rows) {
        this.columns = List.copyOf(columns);
        this.numeric = numeric;
        this.categorical = categorical;
        this.rows = rows;
    }

    public static Builder builder(int rows) {
        return new Builder(rows);
    }

    /** The columns in their declared order. */
    public List<FeatureColumn> columns() {
        return columns;
    }

    public int rows() {
        return rows;
    }

    public boolean has(String name) {
        return numeric.containsKey(name) || categorical.containsKey(name);
    }

    public double[] numeric(String name) {
        double[] values = numeric.get(name);
        if (values == null) {
            throw new IllegalArgumentException("'" + name + "' is not a numeric column");
        }
        return values;
    }

    public String[] categorical(String name) {
        String[] values = categorical.get(name);
        if (values == null) {
            throw new IllegalArgumentException("'" + name + "' is not a categorical column");
        }
        return values;
    }

    /** A new frame with the given rows (indices may repeat, e.g. for over-sampling), same columns. */
    public Frame rows(int[] indices) {
        Map<String, double[]> n = new LinkedHashMap<>();
        Map<String, String[]> c = new LinkedHashMap<>();
        numeric.forEach((name, values) -> {
            double[] out = new double[indices.length];
            for (int i = 0; i < indices.length; i++) {
                out[i] = values[indices[i]];
            }
            n.put(name, out);
        });
        categorical.forEach((name, values) -> {
            String[] out = new String[indices.length];
            for (int i = 0; i < indices.length; i++) {
                out[i] = values[indices[i]];
            }
            c.put(name, out);
        });
        return new Frame(columns, n, c, indices.length);
    }

    /** A new frame with only the named columns, in the given order. */
    public Frame select(List<String> names) {
        List<FeatureColumn> kept = new ArrayList<>();
        Map<String, double[]> n = new LinkedHashMap<>();
        Map<String, String[]> c = new LinkedHashMap<>();
        for (String name : names) {
            FeatureColumn column = columns.stream().filter(col -> col.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no column '" + name + "'"));
            kept.add(column);
            if (column.kind() == FeatureKind.NUMERIC) {
                n.put(name, numeric.get(name));
            } else {
                c.put(name, categorical.get(name));
            }
        }
        return new Frame(kept, n, c, rows);
    }

    /** Collects columns; every column must have the frame's row count. */
    public static final class Builder {
        private final int rows;
        private final List<FeatureColumn> columns = new ArrayList<>();
        private final Map<String, double[]> numeric = new LinkedHashMap<>();
        private final Map<String, String[]> categorical = new LinkedHashMap<>();

        private Builder(int rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("rows < 0");
            }
            this.rows = rows;
        }

        public Builder numeric(String name, double[] values) {
            check(name, values.length);
            columns.add(new FeatureColumn(name, FeatureKind.NUMERIC));
            numeric.put(name, values);
            return this;
        }

        /** A categorical column; an empty string is missing (as in the exported graph), stored as null. */
        public Builder categorical(String name, String[] values) {
            check(name, values.length);
            for (int i = 0; i < values.length; i++) {
                if (values[i] != null && values[i].isEmpty()) {
                    values = values.clone();
                    for (int j = i; j < values.length; j++) {
                        if (values[j] != null && values[j].isEmpty()) {
                            values[j] = null;
                        }
                    }
                    break;
                }
            }
            columns.add(new FeatureColumn(name, FeatureKind.CATEGORICAL));
            categorical.put(name, values);
            return this;
        }

        private void check(String name, int length) {
            Objects.requireNonNull(name, "name");
            if (numeric.containsKey(name) || categorical.containsKey(name)) {
                throw new IllegalArgumentException("duplicate column '" + name + "'");
            }
            if (length != rows) {
                throw new IllegalArgumentException("column '" + name + "' has " + length + " values, expected "
                    + rows);
            }
        }

        public Frame build() {
            return new Frame(columns, numeric, categorical, rows);
        }
    }
}
