package io.meridian.ingest.model;

/**
 * Why one input row was not stored. {@code row} is the 1-based data row (the header is not counted);
 * {@code field} is empty when the whole row is at fault.
 */
public record Rejection(long row, String field, String reason) {
}
