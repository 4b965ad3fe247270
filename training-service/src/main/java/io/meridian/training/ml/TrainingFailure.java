package io.meridian.training.ml;

/**
 * A reason a training job cannot produce a model (bad data, unreachable neighbour, failed parity check). The
 * message is a human sentence that becomes the job's {@code failureReason}.
 */
public class TrainingFailure extends RuntimeException {
    public TrainingFailure(String reason) {
        super(reason);
    }

    public TrainingFailure(String reason, Throwable cause) {
        super(reason, cause);
    }
}
