package io.meridian.ingest.model;

/**
 * Outlier handling of a numeric field, using the statistics of the dataset's curated data at the start of a run
 * (no check while the dataset has fewer than 2 stored values).
 *
 * @param method    {@code zscore} (|x - mean| / stddev > threshold) or {@code iqr} (outside [q1 - k*iqr, q3 + k*iqr])
 * @param threshold z limit (default 3) or IQR factor k (default 1.5)
 * @param action    {@code flag} (stored, listed in the record's {@code _outliers}) or {@code clip} (to the limit)
 */
public record OutlierRule(String method, Double threshold, String action) {
    public double limit() {
        return threshold != null ? threshold : "iqr".equals(method) ? 1.5 : 3.0;
    }

    public boolean clip() {
        return "clip".equals(action);
    }
}
