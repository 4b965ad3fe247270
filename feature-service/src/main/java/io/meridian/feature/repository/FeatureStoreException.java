package io.meridian.feature.repository;

/** The feature store's database could not be read or written. */
public class FeatureStoreException extends RuntimeException {
    public FeatureStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
