package io.meridian.ingest.service.quality;

/**
 * Statistics of one field over a dataset's curated records, used for imputation and outlier handling.
 * Numeric statistics are null for non-numeric fields or when no value is stored.
 *
 * @param count non-null values
 * @param mode  the most frequent value as text (ties: the smallest text)
 */
public record FieldStats(long count, Double mean, Double stddev, Double median, Double q1, Double q3, String mode) {
}
