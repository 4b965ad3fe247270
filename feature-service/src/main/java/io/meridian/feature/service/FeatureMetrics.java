package io.meridian.feature.service;

import io.meridian.feature.messaging.SkipReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The service's own meters: {@code meridian_feature_records_consumed_total{dataset}} and
 * {@code meridian_feature_records_skipped_total{reason}}.
 */
@ApplicationScoped
public class FeatureMetrics {
    private static final String CONSUMED = "meridian.feature.records.consumed";
    private static final String SKIPPED = "meridian.feature.records.skipped";

    private final MeterRegistry registry;

    public FeatureMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (SkipReason reason : SkipReason.values()) {
            skippedCounter(reason);
        }
    }

    /** Records of a dataset written to the store (redeliveries included). */
    public void consumed(String dataset, long count) {
        Counter.builder(CONSUMED).description("RecordIngested events written to the feature store")
                .tag("dataset", dataset).register(registry).increment(count);
    }

    /** A record of the ingest topic that was skipped. */
    public void skipped(SkipReason reason) {
        skippedCounter(reason).increment();
    }

    private Counter skippedCounter(SkipReason reason) {
        return Counter.builder(SKIPPED).description("Records of the ingest topic skipped as unusable")
                .tag("reason", reason.label()).register(registry);
    }
}
