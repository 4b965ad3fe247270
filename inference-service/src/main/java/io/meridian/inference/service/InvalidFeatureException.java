package io.meridian.inference.service;

/** A registered input is missing from the request or has a value that is not a number or a boolean. */
public class InvalidFeatureException extends RuntimeException {
    private final String field;

    public InvalidFeatureException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The request field at fault, e.g. {@code features.tenure_months}. */
    public String field() {
        return field;
    }
}
