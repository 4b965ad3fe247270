package io.meridian.ingest.source;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.IngestionService;

/** What a {@link Connector} may use: its source, secrets, the pipeline, and where to record progress. */
public final class SourceContext {
    private static final Logger LOG = Logger.getLogger(SourceContext.class);

    private final Source source;
    private final Secrets secrets;
    private final FieldMapper mapper;
    private final IngestionService ingestion;
    private final SourceRepository repository;
    private final SourceMetrics metrics;
    private final ObjectMapper json;
    private ObjectNode position;
    private SourceRun open;

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
        return summary;
    }

    /** Records a finished run and the position the next poll starts from (after the source was acknowledged). */
    public void completed(RunSummary summary, ObjectNode next) {
        long deduplicated = Math.max(0, summary.rowsRead() - summary.rowsStored() - summary.rowsRejected());
        position = next.deepCopy();
        repository.recordRun(source.name(), summary, deduplicated, position);
        metrics.run(source.dataset(), source.name(), summary, deduplicated);
        LOG.infof("source run stored: source=%s run=%s dataset=%s read=%d stored=%d quarantined=%d",
            source.name(), summary.runId(), source.dataset(), summary.rowsRead(), summary.rowsStored(),
            summary.rowsRejected());
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

    /** Fails a run left open by an exception (idempotent). */
    void failOpenRun(Throwable cause) {
        if (open != null) {
            open.fail(new IllegalStateException(secrets.scrub(String.valueOf(cause.getMessage()))));
            open = null;
        }
    }
}
