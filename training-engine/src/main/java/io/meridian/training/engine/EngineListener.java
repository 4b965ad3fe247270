package io.meridian.training.engine;

/**
 * Where a run reports progress. The engine calls it between steps (folds, trials, export); an implementation
 * that throws {@link java.util.concurrent.CancellationException} stops the run (a cancelled job).
 */
@FunctionalInterface
public interface EngineListener {
    void progress(double fraction, String message);
}
