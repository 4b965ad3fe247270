package io.meridian.ingest.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.messaging.RecordEventPublisher;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.Rejection;
import io.meridian.ingest.model.RunStatus;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.model.SourceRecord;
import io.meridian.ingest.model.StoredRecord;
import io.meridian.ingest.model.ValidRecord;
import io.meridian.ingest.repository.RecordRepository;
import io.meridian.ingest.repository.RecordRepository.NewRecord;
import io.meridian.ingest.repository.RunRepository;
import io.meridian.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ingestion runs: validates rows against the dataset's current contract ({@link RecordValidator}, the one
 * path for CSV and gRPC), stores good rows in batches and publishes them, keeps the rejections, and
 * records the run. Invariant of every finished run: {@code rowsRead == rowsStored + rowsRejected}.
 */
@ApplicationScoped
public class IngestionService {
    private static final Logger LOG = Logger.getLogger(IngestionService.class);
    private static final String METRIC = "meridian.ingest.records";

    private final ContractService contracts;
    private final RunRepository runs;
    private final RecordRepository records;
    private final RecordEventPublisher publisher;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;

    /** A record read back from the store with typed values. */
    public record CuratedRecord(long id, String key, Map<String, Object> values) {
    }

    public IngestionService(ContractService contracts, RunRepository runs, RecordRepository records,
        RecordEventPublisher publisher, IngestConfig config, ObjectMapper json, MeterRegistry metrics) {
        this.contracts = contracts;
        this.runs = runs;
        this.records = records;
        this.publisher = publisher;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    /** Starts a run against the dataset's current contract; 404 problem when the dataset is unknown. */
    public Run start(String dataset, String source) {
        return start(contracts.current(dataset), source);
    }

    private Run start(DatasetContract contract, String source) {
        Run run = new Run(contract, source);
        runs.start(run.runId, contract.name(), contract.version(), source, run.startedAt);
        LOG.infof("ingestion run started: run=%s dataset=%s contractVersion=%d source=%s", run.runId,
            contract.name(), contract.version(), source);
        return run;
    }

    /**
     * Reads a CSV upload as a stream: header first, then one row at a time. A header lacking a mandatory
     * column, a malformed header or an empty body is a 400 problem and starts no run.
     */
    public RunSummary ingestCsv(String dataset, InputStream body) {
        DatasetContract contract = contracts.current(dataset);
        CsvReader reader = new CsvReader(new InputStreamReader(body, StandardCharsets.UTF_8), config.maxRowChars());
        Header header = readHeader(contract, reader);
        Run run = start(contract, "csv");
        long row = 0;
        try {
            CsvReader.Row next;
            while ((next = reader.next()) != null) {
                row++;
                if (next.malformed()) {
                    run.reject(row, "", next.error());
                } else if (next.fields().size() != header.width()) {
                    run.reject(row, "", "expected " + header.width() + " columns as in the header but found "
                        + next.fields().size());
                } else {
                    List<String> cells = next.fields();
                    Map<String, String> raw = new HashMap<>();
                    header.columns().forEach((name, index) -> raw.put(name, cells.get(index)));
                    run.offer(row, raw);
                }
            }
            return run.finish();
        } catch (IOException e) {
            run.fail(e);
            throw ProblemException.badRequest("body", "The upload could not be read to the end (after data row "
                + row + "): " + e.getMessage());
        } catch (RuntimeException e) {
            run.fail(e);
            throw e;
        }
    }

    private Header readHeader(DatasetContract contract, CsvReader reader) {
        CsvReader.Row header;
        try {
            header = reader.next();
        } catch (IOException e) {
            throw ProblemException.badRequest("body", "The upload could not be read: " + e.getMessage());
        }
        if (header == null) {
            throw ProblemException.badRequest("body",
                "The upload is empty: send a header row naming the contract's columns, then the data rows.");
        }
        if (header.malformed()) {
            throw ProblemException.badRequest("header", "The header row is malformed: " + header.error());
        }
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            if (columns.put(name, i) != null) {
                throw ProblemException.badRequest(name, "The header names column '" + name + "' twice.");
            }
        }
        for (FieldDefinition f : contract.fields()) {
            if (contract.mandatory(f) && !columns.containsKey(f.name())) {
                throw ProblemException.badRequest(f.name(), "The header has no column '" + f.name()
                    + "', which contract version " + contract.version() + " of dataset '" + contract.name()
                    + "' requires.");
            }
        }
        // keep only the contract's columns (extra columns are ignored), remembering the header width
        Map<String, Integer> kept = new HashMap<>();
        contract.fields().forEach(f -> {
            if (columns.containsKey(f.name())) {
                kept.put(f.name(), columns.get(f.name()));
            }
        });
        return new Header(kept, header.fields().size());
    }

    /** A finished or running run; 404 problem when unknown. */
    public RunSummary run(UUID runId) {
        return runs.find(runId).orElseThrow(() -> ProblemException.notFound("Ingestion run " + runId
            + " does not exist."));
    }

    /** Up to {@code limit} curated records after {@code afterId}, typed by the contract version each was stored under. */
    public List<CuratedRecord> read(String dataset, long afterId, int limit) {
        Map<Integer, DatasetContract> versions = new HashMap<>();
        List<CuratedRecord> out = new ArrayList<>();
        for (StoredRecord r : records.page(dataset, afterId, limit)) {
            DatasetContract contract = versions.computeIfAbsent(r.contractVersion(),
                v -> contracts.version(dataset, v));
            out.add(new CuratedRecord(r.id(), r.key(), RecordJson.read(json, contract, r.valuesJson())));
        }
        return out;
    }

    /** Column index by contract field name (extra columns left out) and the header width every row must have. */
    private record Header(Map<String, Integer> columns, int width) {
    }

    /**
     * One ingestion run. Not thread-safe: one upload feeds it from one thread at a time. Good rows are
     * buffered up to the batch size, then stored and published together.
     */
    public final class Run {
        private final UUID runId = UUID.randomUUID();
        private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        private final DatasetContract contract;
        private final String source;
        private final List<ValidRecord> pending = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();
        private long read;
        private long stored;
        private long rejected;
        private boolean done;

        private Run(DatasetContract contract, String source) {
            this.contract = contract;
            this.source = source;
        }

        public UUID id() {
            return runId;
        }

        public DatasetContract contract() {
            return contract;
        }

        /** Validates one row; a good row is buffered (and the batch flushed when full), a bad one rejected. */
        public void offer(long row, Map<String, ?> raw) {
            read++;
            RecordValidator.Outcome outcome = RecordValidator.validate(contract, row, raw);
            if (outcome.valid()) {
                pending.add(outcome.record());
                if (pending.size() >= config.batchSize()) {
                    flush();
                }
            } else {
                reject(outcome.rejection());
            }
        }

        /** Validates one record from any source (see {@link SourceRecord}). */
        public void offer(SourceRecord record) {
            offer(record.position(), record.fields());
        }

        /** Rejects a record that could not even be parsed (malformed CSV row, invalid JSON line, ...). */
        public void reject(SourceRecord record, String field, String reason) {
            reject(record.position(), field, reason);
        }

        /** Rejects a row that could not even be parsed (e.g. malformed CSV). */
        public void reject(long row, String field, String reason) {
            read++;
            reject(new Rejection(row, field, reason));
        }

        private void reject(Rejection rejection) {
            rejected++;
            if (rejections.size() < config.maxStoredRejections()) {
                rejections.add(rejection);
            }
            metrics.counter(METRIC, "dataset", contract.name(), "outcome", "rejected").increment();
        }

        private void flush() {
            if (pending.isEmpty()) {
                return;
            }
            Instant ingestedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
            List<NewRecord> rows = new ArrayList<>(pending.size());
            for (ValidRecord r : pending) {
                rows.add(new NewRecord(r.key(), r.row(), RecordJson.write(json, r.values())));
            }
            try {
                records.insertBatch(contract.name(), contract.version(), runId, ingestedAt, rows,
                    () -> publisher.publishAndAwait(contract, runId, ingestedAt, pending));
            } catch (RuntimeException e) {
                LOG.errorf(e, "ingestion batch failed: run=%s dataset=%s rows=%d", runId, contract.name(),
                    pending.size());
                throw ProblemException.unavailable("Ingestion run " + runId + " stopped after storing " + stored
                    + " rows: the database or Kafka did not accept the next batch. Try again later.");
            }
            stored += pending.size();
            metrics.counter(METRIC, "dataset", contract.name(), "outcome", "stored").increment(pending.size());
            pending.clear();
        }

        /** Flushes the last batch and records the run as SUCCEEDED. */
        public RunSummary finish() {
            flush();
            if (read != stored + rejected) {
                throw new IllegalStateException("run " + runId + " lost rows: read " + read + ", stored " + stored
                    + ", rejected " + rejected);
            }
            RunSummary summary = summary(RunStatus.SUCCEEDED);
            runs.finish(summary, null);
            done = true;
            LOG.infof("ingestion run finished: run=%s dataset=%s contractVersion=%d read=%d stored=%d rejected=%d",
                runId, contract.name(), contract.version(), summary.rowsRead(), stored, rejected);
            return summary;
        }

        /** Records the run as FAILED; counts cover the rows decided before the failure. Idempotent. */
        public void fail(Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            pending.clear();
            RunSummary summary = summary(RunStatus.FAILED);
            LOG.warnf("ingestion run failed: run=%s dataset=%s stored=%d rejected=%d cause=%s", runId,
                contract.name(), stored, rejected, cause.toString());
            try {
                runs.finish(summary, String.valueOf(cause.getMessage()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not record the failure of run %s", runId);
            }
        }

        /** For a FAILED run the rows of the batch that failed were neither stored nor rejected: not counted. */
        private RunSummary summary(RunStatus status) {
            return new RunSummary(runId.toString(), contract.name(), contract.version(), stored + rejected, stored,
                rejected, rejections, rejected > rejections.size(), status, source, startedAt,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        }
    }
}
