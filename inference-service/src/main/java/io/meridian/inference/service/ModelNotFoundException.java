package io.meridian.inference.service;

/** No version of the model holds the serving alias (or the registry could not provide it). */
public class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
