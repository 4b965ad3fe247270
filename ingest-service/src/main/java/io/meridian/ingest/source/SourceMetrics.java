package io.meridian.ingest.source;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.meridian.ingest.service.IngestionService;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Source metrics with bounded labels (dataset, source name, outcome):
 * {@code meridian_ingest_source_records_total{outcome=read|stored|quarantined|deduplicated}},
 * {@code meridian_ingest_source_errors_total} and {@code meridian_ingest_source_lag_records} (Kafka: records
 * behind the end of the partitions; MQTT: messages received but not yet stored).
 */
@ApplicationScoped
public class SourceMetrics {
    private final MeterRegistry registry;
    private final Map<String, AtomicLong> lags = new ConcurrentHashMap<>();

    public SourceMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Adds records a run decided (a whole run, or what a streaming run decided since it was last counted). */
    void decided(String dataset, String source, IngestionService.Decided decided) {
        count(dataset, source, "read", decided.read());
        count(dataset, source, "stored", decided.stored());
        count(dataset, source, "quarantined", decided.quarantined());
        count(dataset, source, "deduplicated", decided.deduplicated());
    }

    void error(String dataset, String source) {
        registry.counter("meridian.ingest.source.errors", "dataset", dataset, "source", source).increment();
    }

    void lag(String dataset, String source, long records) {
        lags.computeIfAbsent(source, s -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder("meridian.ingest.source.lag", value, AtomicLong::get).baseUnit("records")
                .description("Records the source has not yet stored (Kafka: behind the log end; MQTT: queued)")
                .tags("dataset", dataset, "source", source).register(registry);
            return value;
        }).set(records);
    }

    private void count(String dataset, String source, String outcome, long n) {
        registry.counter("meridian.ingest.source.records", "dataset", dataset, "source", source, "outcome", outcome)
            .increment(n);
    }
}
