package io.meridian.training.model;

/** Life cycle of a training job: QUEUED -> RUNNING -> SUCCEEDED | FAILED | CANCELLED. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** True when the job will not change any more. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
