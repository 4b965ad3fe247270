package io.meridian.training.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A training job as stored and as returned by {@code GET /v1/training-jobs/{id}}.
 *
 * @param id job id (UUID)
 * @param spec what to train
 * @param state life-cycle state
 * @param progress 0..1
 * @param message the current step as a human sentence
 * @param failureReason why the job failed (FAILED) or who cancelled it (CANCELLED)
 * @param metrics mean validation metrics (accuracy, roc_auc, f1, ...; rmse, mae, r2, ...)
 * @param modelName registered model name (SUCCEEDED only)
 * @param modelVersion registered version (SUCCEEDED only)
 * @param ignoredFeatures columns not used as features (the key, timestamps, columns declared ignored)
 * @param result the full report (SUCCEEDED only)
 * @param createdAt when the job was submitted
 * @param updatedAt last change
 */
public record Job(String id, JobSpec spec, JobState state, double progress, String message, String failureReason,
                  Map<String, Double> metrics, String modelName, Long modelVersion, List<String> ignoredFeatures,
                  JobResult result, Instant createdAt, Instant updatedAt) {

    public static Job queued(String id, JobSpec spec, Instant now) {
        return new Job(id, spec, JobState.QUEUED, 0.0, "queued", null, Map.of(), null, null, List.of(), null, now,
            now);
    }

    public Job progressing(double newProgress, String newMessage, Instant now) {
        return new Job(id, spec, JobState.RUNNING, Math.max(progress, newProgress), newMessage, null, metrics,
            modelName, modelVersion, ignoredFeatures, result, createdAt, now);
    }

    public Job succeeded(Map<String, Double> newMetrics, List<String> ignored, JobResult newResult,
                         String registeredName, long registeredVersion, Instant now) {
        return new Job(id, spec, JobState.SUCCEEDED, 1.0, "registered " + registeredName + " version "
            + registeredVersion, null, Map.copyOf(newMetrics), registeredName, registeredVersion, List.copyOf(ignored),
            newResult, createdAt, now);
    }

    public Job failed(String reason, Instant now) {
        return new Job(id, spec, JobState.FAILED, progress, "failed", reason, metrics, modelName, modelVersion,
            ignoredFeatures, result, createdAt, now);
    }

    public Job cancelled(String reason, Instant now) {
        return new Job(id, spec, JobState.CANCELLED, progress, "cancelled", reason, metrics, modelName,
            modelVersion, ignoredFeatures, result, createdAt, now);
    }
}
