package io.meridian.training.ml;

/**
 * Per-column mean and (population) standard deviation, fitted on the training rows only and applied as
 * {@code (x - mean) / std}. Missing values (NaN) are ignored when fitting and become the mean (0 once
 * standardised). A column whose standard deviation is 0 on the training rows is constant.
 *
 * @param mean per column
 * @param std per column, 0 for a constant column
 */
public record Standardiser(double[] mean, double[] std) {
    /** Columns whose standard deviation is at most this are treated as constant. */
    public static final double CONSTANT_EPSILON = 1e-12;

    /** Fits mean and standard deviation of every column over the given rows of {@code x}. */
    public static Standardiser fit(double[][] x, int[] rows) {
        int columns = x.length == 0 ? 0 : x[0].length;
        double[] mean = new double[columns];
        double[] std = new double[columns];
        for (int j = 0; j < columns; j++) {
            double sum = 0;
            int count = 0;
            for (int i : rows) {
                if (!Double.isNaN(x[i][j])) {
                    sum += x[i][j];
                    count++;
                }
            }
            mean[j] = count == 0 ? 0 : sum / count;
            double squares = 0;
            for (int i : rows) {
                double v = Double.isNaN(x[i][j]) ? mean[j] : x[i][j];
                squares += (v - mean[j]) * (v - mean[j]);
            }
            std[j] = rows.length == 0 ? 0 : Math.sqrt(squares / rows.length);
        }
        return new Standardiser(mean, std);
    }

    public boolean isConstant(int column) {
        return std[column] <= CONSTANT_EPSILON;
    }

    /** The raw row with missing values replaced by the training mean. */
    public double[] impute(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = Double.isNaN(row[j]) ? mean[j] : row[j];
        }
        return out;
    }

    /** The standardised row; missing values become 0. */
    public double[] apply(double[] row) {
        double[] out = new double[row.length];
        for (int j = 0; j < row.length; j++) {
            out[j] = Double.isNaN(row[j]) ? 0.0 : (row[j] - mean[j]) / std[j];
        }
        return out;
    }

    /** Keeps only the given columns, in the given order. */
    public Standardiser select(int[] columns) {
        double[] m = new double[columns.length];
        double[] s = new double[columns.length];
        for (int k = 0; k < columns.length; k++) {
            m[k] = mean[columns[k]];
            s[k] = std[columns[k]];
        }
        return new Standardiser(m, s);
    }
}
