package io.meridian.feature.service;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jboss.logging.Logger;

import io.meridian.feature.config.FeatureConfig;
import io.meridian.feature.model.FeatureRow;
import io.meridian.feature.repository.FeatureRepository;
import io.meridian.feature.repository.FeatureStoreException;
import jakarta.enterprise.context.ApplicationScoped;

/** Writes consumed rows to the offline and online stores, retrying transient database failures. */
@ApplicationScoped
public class FeatureIngestService {
    private static final Logger LOG = Logger.getLogger(FeatureIngestService.class);

    private final FeatureRepository repository;
    private final FeatureMetrics metrics;
    private final FeatureConfig config;

    public FeatureIngestService(FeatureRepository repository, FeatureMetrics metrics, FeatureConfig config) {
        this.repository = repository;
        this.metrics = metrics;
        this.config = config;
    }

    /**
     * Stores a batch (one transaction). Retries with a doubling pause; after the configured attempts the
     * failure propagates so the batch is not acknowledged and its offsets are not committed.
     */
    public void store(List<FeatureRow> rows) {
        int attempts = Math.max(1, config.consumer().writeAttempts());
        Duration pause = config.consumer().retryBackoff();
        for (int attempt = 1;; attempt++) {
            try {
                int inserted = repository.write(rows);
                LOG.debugf("stored %d rows (%d new to the offline store)", rows.size(), inserted);
                break;
            } catch (FeatureStoreException e) {
                if (attempt >= attempts) {
                    LOG.errorf(e, "giving up writing %d feature rows after %d attempts", rows.size(), attempt);
                    throw e;
                }
                LOG.warnf("writing %d feature rows failed (attempt %d of %d), retrying in %s: %s", rows.size(),
                        attempt, attempts, pause, e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
        Map<String, Long> perDataset = new TreeMap<>();
        for (FeatureRow row : rows) {
            perDataset.merge(row.dataset(), 1L, Long::sum);
        }
        perDataset.forEach(metrics::consumed);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a feature write", e);
        }
    }
}
