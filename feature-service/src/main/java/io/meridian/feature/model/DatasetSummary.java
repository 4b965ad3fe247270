package io.meridian.feature.model;

import java.time.Instant;

/**
 * What the feature store holds for one dataset.
 *
 * @param dataset the dataset name
 * @param entities distinct entity keys (online rows)
 * @param rows rows in the offline store
 * @param lastEventAt the latest event time seen
 */
public record DatasetSummary(String dataset, long entities, long rows, Instant lastEventAt) {
}
