package io.meridian.training.service;

/** A job cannot go on; the message is the human reason stored on the FAILED job. */
public class JobFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JobFailure(String reason) {
        super(reason);
    }

    public JobFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
