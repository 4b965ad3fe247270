package io.meridian.training.service;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code meridian_training_jobs_total{algorithm,outcome}} and
 * {@code meridian_training_job_duration_seconds{algorithm,outcome}}; outcome is succeeded, failed or cancelled.
 */
@Startup
@ApplicationScoped
public class TrainingMetrics {
    public static final String SUCCEEDED = "succeeded";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    private final MeterRegistry registry;

    public TrainingMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (String outcome : new String[] {SUCCEEDED, FAILED, CANCELLED}) {
            jobs("logistic-regression", outcome);
        }
    }

    public void finished(String algorithm, String outcome, Duration took) {
        jobs(algorithm, outcome).increment();
        Timer.builder("meridian.training.job.duration").description("Wall time of training jobs, queue excluded")
            .tag("algorithm", algorithm).tag("outcome", outcome).register(registry).record(took);
    }

    private Counter jobs(String algorithm, String outcome) {
        return Counter.builder("meridian.training.jobs").description("Training jobs that finished")
            .tag("algorithm", algorithm).tag("outcome", outcome).register(registry);
    }
}
