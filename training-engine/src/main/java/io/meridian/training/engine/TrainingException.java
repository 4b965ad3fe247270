package io.meridian.training.engine;

/**
 * A training run that cannot proceed or whose result cannot be trusted: the message is a sentence for the user
 * (it becomes the failed job's reason) and names the field or figure at fault.
 */
public class TrainingException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The request field at fault ("validation.folds", "label", ...), or null when no single field is. */
    private final String field;

    public TrainingException(String message) {
        this(null, message, null);
    }

    public TrainingException(String field, String message) {
        this(field, message, null);
    }

    public TrainingException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    /** The request field at fault, or null. */
    public String field() {
        return field;
    }
}
