package io.meridian.feature.model;

import java.time.Instant;
import java.util.Set;

/**
 * A validated point-in-time training-set read.
 *
 * @param dataset the dataset
 * @param features columns to return; empty means all
 * @param asOf rows with a later event time are left out
 * @param batchSize rows per page
 */
public record TrainingSetQuery(String dataset, Set<String> features, Instant asOf, int batchSize) {
}
