package io.meridian.training.service;

import io.meridian.training.engine.EngineListener;
import io.meridian.training.engine.EngineResult;
import io.meridian.training.engine.TrainingRequest;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.model.ModelTrainers;

/**
 * The training engine as training-service uses it; {@code io.meridian.training.config.EngineProducer} builds the
 * one instance from the training-engine module.
 */
public interface ModelEngine {
    /** The algorithms, with their hyperparameter definitions. */
    ModelTrainers trainers();

    /**
     * The checks that need no data (hyperparameter ranges, validation plan, search, imbalance, threshold and
     * preprocessing settings), run at submit time so a bad request is refused before a job exists.
     *
     * @throws io.meridian.training.engine.TrainingException naming the field at fault
     */
    void checkRequest(TrainingRequest request);

    /**
     * The largest accepted |ONNX Runtime - Java| difference ({@code parity-tolerance}): absolute for probabilities,
     * relative to the value's magnitude above 1 for regression (the graph's float32 output cannot resolve 1e-5 on
     * large targets).
     */
    double parityTolerance();

    /**
     * Validates, trains, exports and verifies. Throws {@link JobFailure} with a human reason when the data or the
     * request cannot be trained on (or the ONNX parity check fails); lets the
     * {@link java.util.concurrent.CancellationException} of a listener that cancels propagate.
     */
    EngineResult run(TrainingRequest request, Frame frame, Target target, EngineListener listener);
}
