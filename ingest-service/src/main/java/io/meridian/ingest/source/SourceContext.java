package io.meridian.ingest.source;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.IngestionService;

/** What a {@link Connector} may use: its source, secrets, the pipeline, and where to record progress. */
public final class SourceContext {
    private static final Logger LOG = Logger.getLogger(SourceContext.class);
    private static final IngestionService.Decided NONE = new IngestionService.Decided(0, 0, 0);
    /** How often an open streaming run's checkpoints are added to the source's counters. */
    private static final long COUNT_CHECKPOINTS_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Source source;
    private final Secrets secrets;
    private final FieldMapper mapper;
    private final IngestionService ingestion;
    private final SourceRepository repository;
    private final SourceMetrics metrics;
    private final ObjectMapper json;
    private ObjectNode position;
    private SourceRun open;
    /** The position after the open streaming run's last checkpoint, recorded when that run closes (or fails). */
    private ObjectNode checkpointed;
    /** What the open run decided that is already in the source's counters (a streaming run's checkpoints). */
    private IngestionService.Decided counted = NONE;
    /** What the open run had decided at its last checkpoint. */
    private IngestionService.Decided checkpointedCounts = NONE;
    private long countedNanos;

    SourceContext(Source source, Secrets secrets, IngestionService ingestion, SourceRepository repository,
        SourceMetrics metrics, ObjectMapper json) {
        this.source = source;
        this.secrets = secrets;
        this.mapper = FieldMapper.parse(source.mapping());
        this.ingestion = ingestion;
        this.repository = repository;
        this.metrics = metrics;
        this.json = json;
        this.position = source.position().deepCopy();
    }

    public Source source() {
        return source;
    }

    public SourceConfig config() {
        return new SourceConfig(source.config());
    }

    public Secrets secrets() {
        return secrets;
    }

    public ObjectMapper json() {
        return json;
    }

    /** The last recorded position (a copy the connector may change and pass to {@link #completed}). */
    public ObjectNode position() {
        return position.deepCopy();
    }

    /** Starts one ingestion run (source label {@code <type>:<name>}) against the dataset's current contract. */
    public SourceRun startRun() {
        if (open != null) {
            throw new IllegalStateException("source " + source.name() + " already has an open run");
        }
        open = new SourceRun(ingestion.start(source.dataset(), source.type() + ":" + source.name()), mapper);
        counted = NONE;
        checkpointedCounts = NONE;
        countedNanos = System.nanoTime();
        return open;
    }

    /**
     * Finishes the open run (everything stored or quarantined) and returns its summary. The connector then
     * acknowledges at the source and calls {@link #completed}.
     */
    public RunSummary finishRun() {
        SourceRun run = open;
        RunSummary summary = run.finish();
        open = null;
        checkpointed = null;
        return summary;
    }

    /** Records a finished run and the position the next poll starts from (after the source was acknowledged). */
    public void completed(RunSummary summary, ObjectNode next) {
        record(summary, next);
        LOG.infof("source run stored: source=%s run=%s dataset=%s read=%d stored=%d quarantined=%d",
            source.name(), summary.runId(), source.dataset(), summary.rowsRead(), summary.rowsStored(),
            summary.rowsRejected());
    }

    /** Adds an ended run to the source's counters: what its checkpoints did not add yet. */
    private void record(RunSummary summary, ObjectNode next) {
        long deduplicated = Math.max(0, summary.rowsRead() - summary.rowsStored() - summary.rowsRejected());
        IngestionService.Decided decided = new IngestionService.Decided(summary.rowsStored(), summary.rowsRejected(),
            deduplicated);
        count(UUID.fromString(summary.runId()), decided, true,
            summary.endedAt() == null ? Instant.now() : summary.endedAt(), next);
        counted = NONE;
    }

    /** Adds {@code decided} minus what is counted already to the source's counters and metrics. */
    private void count(UUID runId, IngestionService.Decided decided, boolean runEnded, Instant at, ObjectNode next) {
        IngestionService.Decided added = new IngestionService.Decided(decided.stored() - counted.stored(),
            decided.quarantined() - counted.quarantined(), decided.deduplicated() - counted.deduplicated());
        position = next.deepCopy();
        repository.recordRun(source.name(), runId, added, runEnded, at, position);
        metrics.decided(source.dataset(), source.name(), added);
        counted = decided;
    }

    /**
     * The open run of a streaming source, started when none is open. A streaming source (MQTT) feeds one run with
     * many small batches, makes each durable with {@link #checkpoint} before it acknowledges it at the source, and
     * closes the run with {@link #closeRun} when the run's window ends; the worker closes it too when the source
     * stops or pauses. So the per-run costs (the run's row, its summary, the OpenLineage event) are paid once per
     * window instead of once per batch; the source's counters follow the checkpoints at most once a second.
     */
    public SourceRun openRun() {
        if (open == null) {
            checkpointed = position.deepCopy();
            return startRun();
        }
        return open;
    }

    /**
     * Waits until everything offered to the open run is stored and published, quarantined or deduplicated; the
     * source may then acknowledge it. {@code next} is the position after this batch, recorded when the run closes.
     */
    public void checkpoint(ObjectNode next) {
        checkpointedCounts = open.checkpoint();
        checkpointed = next.deepCopy();
        // at most once a second: the source's counters follow the open run, and what it acknowledged stays counted
        // even if the service dies before the run closes
        if (System.nanoTime() - countedNanos >= COUNT_CHECKPOINTS_EVERY_NANOS) {
            countCheckpoints();
        }
    }

    /**
     * Adds what the open run's checkpoints decided and the source's counters do not hold yet (a streaming source
     * calls this when its input goes quiet, so the counters do not wait for the run to close).
     */
    public void countCheckpoints() {
        if (open != null && !checkpointedCounts.equals(counted)) {
            countedNanos = System.nanoTime();
            count(UUID.fromString(open.id()), checkpointedCounts, false, Instant.now(), checkpointed);
        }
    }

    /** Whether a run is open (a streaming source's run between checkpoints, or a run being fed). */
    public boolean hasOpenRun() {
        return open != null;
    }

    /**
     * Closes the open streaming run, if any: finishes it (its summary and lineage) and adds it to the source's
     * counters with the position of its last checkpoint. Everything in it was checkpointed, and so acknowledged.
     */
    public void closeRun() {
        if (open != null) {
            ObjectNode next = checkpointed;
            completed(finishRun(), next);
        }
    }

    /** A successful attempt that read nothing; {@code next} (or null) is the new position. */
    public void idle(ObjectNode next) {
        if (next != null) {
            position = next.deepCopy();
        }
        repository.recordIdle(source.name(), next);
    }

    /** Records records not yet ingested (Kafka lag, MQTT queue). */
    public void lag(long records) {
        metrics.lag(source.dataset(), source.name(), records);
    }

    /**
     * Fails a run left open by an exception (idempotent). A streaming run's earlier batches were checkpointed and
     * acknowledged at the source, which will not send them again: the records the failed run decided are added to
     * the source's counters (those of the failing batch are not acknowledged and come again).
     */
    void failOpenRun(Throwable cause) {
        SourceRun run = open;
        if (run == null) {
            return;
        }
        open = null;
        run.fail(new IllegalStateException(secrets.scrub(String.valueOf(cause.getMessage()))));
        if (checkpointed != null) {
            ObjectNode next = checkpointed;
            checkpointed = null;
            try {
                RunSummary failed = ingestion.run(UUID.fromString(run.id()));
                record(failed, next);
                LOG.warnf("source run failed: source=%s run=%s dataset=%s read=%d stored=%d quarantined=%d",
                    source.name(), failed.runId(), source.dataset(), failed.rowsRead(), failed.rowsStored(),
                    failed.rowsRejected());
            } catch (RuntimeException e) {
                LOG.errorf("could not add the failed run %s to the counters of source %s: %s", run.id(),
                    source.name(), e.getMessage());
            }
        }
    }
}
