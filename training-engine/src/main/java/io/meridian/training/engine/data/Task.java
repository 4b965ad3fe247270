package io.meridian.training.engine.data;

/** What the model predicts. */
public enum Task {
    /** Two classes; one of them is the positive class for precision, recall, F1 and the threshold. */
    BINARY,
    /** Three or more classes. */
    MULTICLASS,
    /** A real value. */
    REGRESSION;

    public boolean isClassification() {
        return this != REGRESSION;
    }
}
