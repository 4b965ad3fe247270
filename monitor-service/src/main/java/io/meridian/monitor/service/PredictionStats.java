package io.meridian.monitor.service;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import io.meridian.monitor.config.MonitorConfig;
import io.meridian.monitor.model.ModelSummary;
import io.meridian.monitor.model.VersionSummary;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import io.prometheus.client.Histogram;

/**
 * Records served predictions: Prometheus counter + score histogram per model/version (the aggregated source of
 * truth across replicas), and an in-memory running count and mean per model/version for the summary API (this
 * replica's view only).
 */
@ApplicationScoped
public class PredictionStats {
    private final MeterRegistry meters;
    private final Histogram scores;
    private final Map<String, Map<Long, Running>> byModel = new ConcurrentHashMap<>();

    public PredictionStats(MeterRegistry meters, PrometheusMeterRegistry prometheus, MonitorConfig config) {
        this.meters = meters;
        // A Micrometer DistributionSummary cannot do this: its fixed-boundary histogram rounds every recorded
        // value up to a whole number (Math.ceil), so all scores in (0, 1] would land in the le="1.0" bucket.
        // A Prometheus histogram on the registry behind /q/metrics keeps fractional buckets exact.
        this.scores = Histogram.build().name("meridian_monitor_prediction_score")
            .help("Distribution of prediction scores, by model version").labelNames("model", "version")
            .buckets(config.scoreBuckets().stream().mapToDouble(Double::doubleValue).sorted().toArray())
            .register(prometheus.getPrometheusRegistry());
    }

    /** Counts one prediction of {@code model} v{@code version} with {@code score}. */
    public void record(String model, long version, double score, Instant predictedAt) {
        String v = Long.toString(version);
        Counter.builder("meridian.monitor.predictions").description("Predictions served, by model version")
            .tag("model", model).tag("version", v).register(meters).increment();
        scores.labels(model, v).observe(score);
        byModel.computeIfAbsent(model, m -> new ConcurrentHashMap<>())
            .computeIfAbsent(version, x -> new Running()).add(score, predictedAt);
    }

    /** This replica's per-version summary of {@code model}, or empty if it has seen no prediction of it. */
    public Optional<ModelSummary> summary(String model) {
        Map<Long, Running> versions = byModel.get(model);
        if (versions == null || versions.isEmpty()) {
            return Optional.empty();
        }
        List<VersionSummary> list = versions.entrySet().stream()
            .map(e -> e.getValue().snapshot(e.getKey()))
            .sorted(Comparator.comparingLong(VersionSummary::version)).toList();
        return Optional.of(new ModelSummary(model, list));
    }

    /** Running count, sum (mean = sum / count, ample precision for scores in [0, 1]) and last prediction time. */
    private static final class Running {
        private long count;
        private double sum;
        private Instant last;

        synchronized void add(double score, Instant at) {
            count++;
            sum += score;
            if (at != null && (last == null || at.isAfter(last))) {
                last = at;
            }
        }

        synchronized VersionSummary snapshot(long version) {
            return new VersionSummary(version, count, count == 0 ? 0 : sum / count, last);
        }
    }
}
