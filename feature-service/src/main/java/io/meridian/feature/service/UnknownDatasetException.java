package io.meridian.feature.service;

/** Nothing has been ingested for the dataset. */
public class UnknownDatasetException extends RuntimeException {
    public UnknownDatasetException(String dataset) {
        super("Dataset " + dataset + " has no rows in the feature store");
    }
}
