package io.meridian.ingest.service.quality;

import java.time.Duration;
import java.time.Instant;

import org.jboss.logging.Logger;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.repository.CuratedDataRepository;
import io.meridian.ingest.repository.QuarantineRepository;
import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.ContractValidator;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Governance: deletes curated and quarantined records older than their dataset's retention period (contract field
 * {@code retention}, e.g. {@code P30D}), every {@code meridian.ingest.retention-interval}.
 */
@ApplicationScoped
public class RetentionJob {
    private static final Logger LOG = Logger.getLogger(RetentionJob.class);

    private final ContractService contracts;
    private final CuratedDataRepository curated;
    private final QuarantineRepository quarantine;

    /** What one pass deleted. */
    public record Result(long curatedDeleted, long quarantinedDeleted) {
    }

    public RetentionJob(ContractService contracts, CuratedDataRepository curated, QuarantineRepository quarantine) {
        this.contracts = contracts;
        this.curated = curated;
        this.quarantine = quarantine;
    }

    @Scheduled(every = "${meridian.ingest.retention-interval:1h}", delayed = "${meridian.ingest.retention-interval:1h}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        enforce(Instant.now());
    }

    /** Applies every dataset's retention as of {@code now}. */
    public Result enforce(Instant now) {
        long curatedDeleted = 0;
        long quarantinedDeleted = 0;
        for (DatasetContract contract : contracts.currentOfAll()) {
            if (contract.retention() == null) {
                continue;
            }
            Duration keep = ContractValidator.retention(contract.retention());
            Instant cutoff = now.minus(keep);
            int c = curated.deleteOlderThan(contract.name(), cutoff);
            int q = quarantine.deleteOlderThan(contract.name(), cutoff);
            if (c + q > 0) {
                LOG.infof("retention applied: dataset=%s retention=%s cutoff=%s curatedDeleted=%d quarantinedDeleted=%d",
                    contract.name(), contract.retention(), cutoff, c, q);
            }
            curatedDeleted += c;
            quarantinedDeleted += q;
        }
        return new Result(curatedDeleted, quarantinedDeleted);
    }
}
