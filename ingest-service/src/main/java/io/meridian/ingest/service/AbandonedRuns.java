package io.meridian.ingest.service;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.messaging.LineagePublisher;
import io.meridian.ingest.repository.RunRepository;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Marks FAILED the ingestion runs that stopped making progress (the service running them crashed or was killed
 * mid-run), so no run stays RUNNING forever and its counts say what was committed; each is also emitted as a
 * FAIL lineage event. Safe with several replicas: a live run of any replica keeps writing heartbeats.
 */
@ApplicationScoped
public class AbandonedRuns {
    private static final Logger LOG = Logger.getLogger(AbandonedRuns.class);

    private final RunRepository runs;
    private final LineagePublisher lineage;
    private final IngestConfig config;

    public AbandonedRuns(RunRepository runs, LineagePublisher lineage, IngestConfig config) {
        this.runs = runs;
        this.lineage = lineage;
        this.config = config;
    }

    @Scheduled(every = "${meridian.ingest.run-sweep-interval:1m}", delayed = "10s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            sweep(Instant.now());
        } catch (RuntimeException e) {
            LOG.warnf(e, "the sweep for abandoned ingestion runs failed; it runs again later");
        }
    }

    /** Marks the runs without a heartbeat since {@code now - run-stale-after}; returns their ids. */
    public List<UUID> sweep(Instant now) {
        List<UUID> marked = runs.abandon(now.minus(config.runStaleAfter()), now);
        for (UUID runId : marked) {
            runs.find(runId).ifPresent(summary -> {
                LOG.warnf("ingestion run %s of dataset %s abandoned: %s", runId, summary.dataset(), summary.failure());
                lineage.publish(summary);
            });
        }
        return marked;
    }
}
