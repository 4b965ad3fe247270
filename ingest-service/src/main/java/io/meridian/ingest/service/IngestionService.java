package io.meridian.ingest.service;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.messaging.LineagePublisher;
import io.meridian.ingest.messaging.QuarantinePublisher;
import io.meridian.ingest.messaging.RecordEventPublisher;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.Deduplication;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.QuarantinedRecord;
import io.meridian.ingest.model.RecordFilter;
import io.meridian.ingest.model.Rejection;
import io.meridian.ingest.model.RuleViolation;
import io.meridian.ingest.model.RunStatus;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.model.SourceRecord;
import io.meridian.ingest.model.StoredRecord;
import io.meridian.ingest.model.ValidRecord;
import io.meridian.ingest.repository.CuratedDataRepository;
import io.meridian.ingest.repository.ProfileRepository;
import io.meridian.ingest.repository.QuarantineRepository;
import io.meridian.ingest.repository.QuarantineRepository.NewQuarantine;
import io.meridian.ingest.repository.QuarantineRepository.ReplayCandidate;
import io.meridian.ingest.repository.QuarantineRepository.StillFailing;
import io.meridian.ingest.repository.RecordRepository;
import io.meridian.ingest.repository.RunRepository;
import io.meridian.ingest.service.quality.DatasetStats;
import io.meridian.ingest.service.quality.FieldStats;
import io.meridian.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Ingestion runs: every record of every source goes cleanse -> validate ({@link RecordValidator}) -> store |
 * quarantine | deduplicate. Good records are stored in batches and published on the records topic; failing ones
 * are kept in the quarantine (with every failed rule, the source coordinates and the original payload) and
 * published on the quarantine topic; duplicates are dropped or replace the stored record per the contract.
 * Invariant of every finished run: {@code rowsRead == rowsStored + rowsQuarantined + rowsDeduplicated}.
 * Every finished run is emitted as an OpenLineage RunEvent.
 */
@ApplicationScoped
public class IngestionService {
    private static final Logger LOG = Logger.getLogger(IngestionService.class);
    private static final String METRIC = "meridian.ingest.records";
    private static final TypeReference<LinkedHashMap<String, Object>> RAW = new TypeReference<>() {
    };
    /** A run writes its progress after a batch at most this often, */
    private static final long HEARTBEAT_AFTER_FLUSH_NANOS = 1_000_000_000L;
    /**
     * Batches of a run stored and published at once when the contract does not deduplicate. Three kept both cores
     * busier than two in the 1M-row benchmark (about 90% against 87% of the machine; 98-102k against 93-98k rows/s,
     * four no better): with two, the parser waited for the oldest batch's acknowledgements and commit while the
     * database had nothing to copy.
     */
    private static final int BATCHES_IN_FLIGHT = 3;
    /** and while it receives records at least this often (well below meridian.ingest.run-stale-after). */
    private static final long HEARTBEAT_WHILE_READING_NANOS = 30_000_000_000L;
    /** Source name of quarantine replays. */
    public static final String REPLAY_SOURCE = "replay";

    private final ContractService contracts;
    private final RunRepository runs;
    private final RecordRepository records;
    private final RecordEventPublisher publisher;
    private final QuarantineRepository quarantine;
    private final QuarantinePublisher quarantinePublisher;
    private final CuratedDataRepository curated;
    private final ProfileRepository profiles;
    private final LineagePublisher lineage;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final MeterRegistry metrics;
    /** Stores and publishes batches of valid records while the run's own thread validates the next batch. */
    private final ExecutorService writers = Executors.newCachedThreadPool(new ThreadFactory() {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "ingest-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    });

    /** What a run has decided so far: every record read is stored, quarantined or deduplicated. */
    public record Decided(long stored, long quarantined, long deduplicated) {
        /** Records read. */
        public long read() {
            return stored + quarantined + deduplicated;
        }
    }

    /**
     * A record read back from the store with typed values: every field of the contract version it was stored
     * under, in the contract's order (null where it had none).
     */
    public record CuratedRecord(long id, String key, int contractVersion, String runId, Instant ingestedAt,
        Map<String, Object> values) {
    }

    public IngestionService(ContractService contracts, RunRepository runs, RecordRepository records,
        RecordEventPublisher publisher, QuarantineRepository quarantine, QuarantinePublisher quarantinePublisher,
        CuratedDataRepository curated, ProfileRepository profiles, LineagePublisher lineage, IngestConfig config,
        ObjectMapper json, MeterRegistry metrics) {
        this.contracts = contracts;
        this.runs = runs;
        this.records = records;
        this.publisher = publisher;
        this.quarantine = quarantine;
        this.quarantinePublisher = quarantinePublisher;
        this.curated = curated;
        this.profiles = profiles;
        this.lineage = lineage;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @PreDestroy
    void stopWriters() {
        writers.shutdown();
    }

    /** Starts a run against the dataset's current contract; 404 problem when the dataset is unknown. */
    public Run start(String dataset, String source) {
        return start(contracts.current(dataset), source, new InputTally());
    }

    /**
     * Starts a run whose bytes and SHA-256 are fed by {@code tally} (for sources that open their input, e.g.
     * through {@link InputTally#wrap(InputStream)}, before the run starts).
     */
    public Run start(String dataset, String source, InputTally tally) {
        return start(contracts.current(dataset), source, tally);
    }

    private Run start(DatasetContract contract, String source, InputTally tally) {
        Run run = new Run(contract, source, stats(contract), tally);
        runs.start(run.runId, contract.name(), contract.version(), source, run.startedAt);
        LOG.infof("ingestion run started: run=%s dataset=%s contractVersion=%d source=%s", run.runId,
            contract.name(), contract.version(), source);
        return run;
    }

    /** Statistics of the curated data for the fields that impute or handle outliers. */
    private DatasetStats stats(DatasetContract contract) {
        Map<String, FieldStats> stats = new HashMap<>();
        for (FieldDefinition f : contract.fields()) {
            if (f.impute() != null || f.outliers() != null) {
                FieldStats s = profiles.stats(contract.name(), f);
                if (s.count() > 0) {
                    stats.put(f.name(), s);
                }
            }
        }
        return stats.isEmpty() ? DatasetStats.NONE : new DatasetStats(stats);
    }

    /**
     * Re-validates the dataset's quarantined records (all, or those of one run) against its CURRENT contract, as
     * a run of source {@code replay}: records that now pass are stored and published (status REPLAYED, or
     * DEDUPLICATED when deduplication drops them), the others stay quarantined with their new violations.
     * Records that could not be parsed (no raw fields) stay as they are and count as quarantined.
     */
    public RunSummary replay(String dataset, UUID ofRun) {
        DatasetContract contract = contracts.current(dataset);
        Run run = start(contract, REPLAY_SOURCE, new InputTally());
        try {
            long after = 0;
            while (true) {
                List<ReplayCandidate> page = quarantine.replayCandidates(dataset, ofRun, after, config.batchSize());
                if (page.isEmpty()) {
                    break;
                }
                for (ReplayCandidate c : page) {
                    after = c.id();
                    run.replay(c);
                }
            }
            return run.finish();
        } catch (RuntimeException e) {
            run.fail(e);
            throw e;
        }
    }

    /** A finished or running run; 404 problem when unknown. */
    public RunSummary run(UUID runId) {
        return runs.find(runId).orElseThrow(() -> ProblemException.notFound("Ingestion run " + runId
            + " does not exist."));
    }

    /**
     * Up to {@code limit} curated records of the dataset matching {@code filter} with an id above {@code afterId},
     * oldest first, typed by the contract version each was stored under.
     */
    public List<CuratedRecord> read(String dataset, RecordFilter filter, long afterId, int limit) {
        Map<Integer, DatasetContract> versions = new HashMap<>();
        List<CuratedRecord> out = new ArrayList<>();
        for (StoredRecord r : records.page(dataset, filter, afterId, limit)) {
            DatasetContract contract = versions.computeIfAbsent(r.contractVersion(),
                v -> contracts.version(dataset, v));
            out.add(new CuratedRecord(r.id(), r.key(), r.contractVersion(), r.runId(), r.ingestedAt(),
                RecordJson.read(json, contract, r.valuesJson())));
        }
        return out;
    }

    /**
     * Byte count and SHA-256 of a run's input. Sources feed it through {@link Run#track(InputStream)},
     * {@link Run#digest(byte[], int, int)}, {@link Run#countBytes(long)} or {@link #wrap(InputStream)} with
     * {@link IngestionService#start(String, String, InputTally)}. A run whose source fed no bytes reports the bytes
     * and SHA-256 of its records' payloads (UTF-8, each followed by a line feed).
     */
    public static final class InputTally {
        private final MessageDigest sha256;
        private long bytes;
        private boolean digested;

        public InputTally() {
            try {
                sha256 = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is not available", e);
            }
        }

        synchronized void update(byte[] b, int off, int len) {
            if (len > 0) {
                sha256.update(b, off, len);
                bytes += len;
                digested = true;
            }
        }

        synchronized void count(long n) {
            bytes += n;
        }

        /** A stream that feeds everything read through it into the tally. */
        public InputStream wrap(InputStream in) {
            return new FilterInputStream(in) {
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        update(new byte[] {(byte) b}, 0, 1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    int n = super.read(b, off, len);
                    if (n > 0) {
                        update(b, off, n);
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    byte[] buf = new byte[8192];
                    long skipped = 0;
                    while (skipped < n) {
                        int r = read(buf, 0, (int) Math.min(buf.length, n - skipped));
                        if (r < 0) {
                            break;
                        }
                        skipped += r;
                    }
                    return skipped;
                }
            };
        }

        /** Reads what is left of the raw stream (after the parser stopped) so the checksum covers the whole input. */
        void drain(InputStream raw) throws IOException {
            byte[] buf = new byte[8192];
            int n;
            while ((n = raw.read(buf)) > 0) {
                update(buf, 0, n);
            }
        }

        synchronized long bytes() {
            return bytes;
        }

        /** Bytes counted so far. */
        public long bytesRead() {
            return bytes();
        }

        /** Hex SHA-256 of the bytes digested so far; null when nothing was digested. */
        public String sha256Hex() {
            return hex();
        }

        synchronized String hex() {
            if (!digested) {
                return null;
            }
            try {
                return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("SHA-256 digest cannot be cloned", e);
            }
        }
    }

    /** A valid record waiting for the next flush; {@code replayOf} is its quarantine id when a replay stores it. */
    private record Pending(ValidRecord record, Long replayOf) {
    }

    /**
     * One batch handed to the writers: {@code copied} once its COPY ended, {@code sent} once every event was handed to
     * the producer, {@code done} once committed (or failed), with what it stored.
     */
    private record Batch(CompletableFuture<Written> done, CompletableFuture<Void> copied, CompletableFuture<Void> sent) {
    }

    /** What the writer did with one batch: records stored (net of keep-latest replacements) and deduplicated. */
    private record Written(long stored, long deduplicated) {
    }

    /**
     * One ingestion run. Calls are serialised (synchronized), so a source may feed it from several threads one at a
     * time. Good records are buffered up to the batch size, then handed to a writer thread that stores them
     * (COPY, one transaction) while a second one publishes them, and commits once the broker acknowledged every
     * event, all while this run validates the next batch. If the COPY or the commit fails after events were
     * sent, those events exist without stored rows (the run fails and says so; consumers see them as records of a
     * failed run); at most {@value #BATCHES_IN_FLIGHT} batches are in flight (one with deduplication), written in
     * order (see {@link #flushRecords}), so memory stays bounded at one batch more. Quarantined records are stored and published
     * in batches on the run's own thread.
     */
    public final class Run {
        private final UUID runId = UUID.randomUUID();
        private final Instant startedAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        private final DatasetContract contract;
        private final String source;
        private final DatasetStats stats;
        private final InputTally tally;
        /** Bytes and SHA-256 of the record payloads, used when the source feeds no bytes itself. */
        private final InputTally payloads = new InputTally();
        private final Deduplication dedup;
        private final List<Pending> pending = new ArrayList<>();
        private final Map<String, Integer> pendingByKey = new HashMap<>();
        private final List<NewQuarantine> toQuarantine = new ArrayList<>();
        private final List<StillFailing> stillFailing = new ArrayList<>();
        private final List<Long> replayDeduplicated = new ArrayList<>();
        private final List<Rejection> rejections = new ArrayList<>();
        /** When this run last wrote its progress (System.nanoTime). */
        private long heartbeatNanos = System.nanoTime();
        /** The batches being stored and published, oldest first (see {@link #flushRecords}). */
        private final java.util.ArrayDeque<Batch> inFlight = new java.util.ArrayDeque<>();
        private long read;
        private long stored;
        private long quarantined;
        private long deduplicated;
        private boolean done;

        private Run(DatasetContract contract, String source, DatasetStats stats, InputTally tally) {
            this.contract = contract;
            this.source = source;
            this.stats = stats;
            this.tally = tally;
            this.dedup = contract.deduplicate();
        }

        public UUID id() {
            return runId;
        }

        public DatasetContract contract() {
            return contract;
        }

        /** A stream that feeds every byte read through it into this run's byte count and SHA-256. */
        public InputStream track(InputStream in) {
            return tally.wrap(in);
        }

        /** Adds bytes of input (e.g. one MQTT payload or Kafka value) to the run's byte count and SHA-256. */
        public void digest(byte[] bytes, int off, int len) {
            tally.update(bytes, off, len);
        }

        /** Adds bytes of input to the run's byte count and SHA-256. */
        public void digest(byte[] bytes) {
            tally.update(bytes, 0, bytes.length);
        }

        /** Adds to the run's byte count only (input the source cannot hand over as bytes). */
        public void countBytes(long n) {
            tally.count(n);
        }

        /** Validates one row (legacy form of {@link #offer(SourceRecord)}, coordinates "row N"). */
        public void offer(long row, Map<String, ?> raw) {
            offer(new SourceRecord(row, "row " + row, raw, null));
        }

        /** Cleanses and validates one record from any source: stored, quarantined or deduplicated. */
        public synchronized void offer(SourceRecord record) {
            read++;
            if ((read & 1023) == 0) {
                heartbeat(HEARTBEAT_WHILE_READING_NANOS);
            }
            tallyPayload(record.payload());
            Map<String, ?> raw = record.fields() == null ? Map.of() : record.fields();
            RecordValidator.Outcome outcome = RecordValidator.validate(contract, record.position(), raw, stats);
            if (outcome.valid()) {
                accept(outcome.record(), null);
            } else {
                quarantine(record, rawJson(raw), outcome.violations());
            }
        }

        /** Quarantines a record that could not even be parsed (malformed CSV row, invalid JSON line, ...). */
        public synchronized void reject(SourceRecord record, String field, String reason) {
            read++;
            tallyPayload(record.payload());
            String payload = record.payload();
            quarantine(new SourceRecord(record.position(), record.coordinates(), record.fields(), payload), null,
                List.of(new RuleViolation(field == null ? "" : field, "parse", reason)));
        }

        /** Quarantines a row that could not even be parsed (e.g. malformed CSV). */
        public void reject(long row, String field, String reason) {
            reject(new SourceRecord(row, "row " + row, null, null), field, reason);
        }

        private void tallyPayload(String payload) {
            // only used when the source feeds no input bytes of its own (see summary): skipped once it does
            if (payload != null && tally.bytes() == 0) {
                byte[] bytes = (payload + "\n").getBytes(StandardCharsets.UTF_8);
                payloads.update(bytes, 0, bytes.length);
            }
        }

        private void replay(ReplayCandidate c) {
            synchronized (this) {
                read++;
                if (c.rawFieldsJson() == null) {
                    quarantined++;
                    count("quarantined", 1);
                    return;
                }
                Map<String, Object> raw;
                try {
                    raw = json.readValue(c.rawFieldsJson(), RAW);
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException("quarantined record " + c.id() + " has unreadable raw fields", e);
                }
                RecordValidator.Outcome outcome = RecordValidator.validate(contract, c.position(), raw, stats);
                if (outcome.valid()) {
                    accept(outcome.record(), c.id());
                } else {
                    stillFailing.add(new StillFailing(c.id(), contract.version(), outcome.violations()));
                    keepRejection(outcome.rejection(c.position()));
                    if (stillFailing.size() >= config.batchSize()) {
                        flush();
                    }
                }
            }
        }

        private void accept(ValidRecord record, Long replayOf) {
            if (dedup != null) {
                if (dedup.keepLatest()) {
                    Integer earlier = pendingByKey.get(record.key());
                    if (earlier != null) {
                        Pending replaced = pending.set(earlier, new Pending(record, replayOf));
                        deduplicated(replaced.replayOf());
                        return;
                    }
                    pendingByKey.put(record.key(), pending.size());
                } else {
                    // keep-first: a key seen earlier in this batch is dropped here; keys of earlier batches (this
                    // run's or any other's) are committed by then and dropped by the writer's look-up, so the run
                    // holds one batch of keys in memory, never all of them
                    if (pendingByKey.putIfAbsent(record.key(), pending.size()) != null) {
                        deduplicated(replayOf);
                        return;
                    }
                }
            }
            pending.add(new Pending(record, replayOf));
            if (pending.size() >= config.batchSize()) {
                flush();
            }
        }

        private void deduplicated(Long replayOf) {
            deduplicated++;
            count("deduplicated", 1);
            if (replayOf != null) {
                replayDeduplicated.add(replayOf);
            }
        }

        private void quarantine(SourceRecord record, String rawJson, List<RuleViolation> violations) {
            String payload = record.payload() != null ? record.payload() : rawJson;
            toQuarantine.add(new NewQuarantine(record.position(), record.coordinates(), payload, rawJson, violations));
            RuleViolation first = violations.get(0);
            keepRejection(new Rejection(record.position(), first.field(), first.message()));
            if (toQuarantine.size() >= config.batchSize()) {
                flush();
            }
        }

        private void keepRejection(Rejection rejection) {
            if (rejections.size() < config.maxStoredRejections()) {
                rejections.add(rejection);
            }
        }

        private String rawJson(Map<String, ?> raw) {
            if (raw == null || raw.isEmpty()) {
                return null;
            }
            try {
                return json.writeValueAsString(raw);
            } catch (JsonProcessingException e) {
                return null;
            }
        }

        private void count(String outcome, long n) {
            if (n > 0) {
                metrics.counter(METRIC, "dataset", contract.name(), "source", source, "outcome", outcome).increment(n);
            }
        }

        private void flush() {
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            try {
                flushRecords(now);
                flushQuarantine(now);
                heartbeat(HEARTBEAT_AFTER_FLUSH_NANOS);
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
        }

        /**
         * Writes the decided counts and a heartbeat when the last one is older than {@code minNanos}: an abandoned
         * run (its service stopped) is told from a slow one by its heartbeat (see {@code run-stale-after}).
         */
        private void heartbeat(long minNanos) {
            long now = System.nanoTime();
            if (now - heartbeatNanos >= minNanos) {
                heartbeatNanos = now;
                runs.heartbeat(runId, stored, quarantined, deduplicated, Instant.now());
            }
        }

        private ProblemException unavailable(Throwable e) {
            LOG.errorf(e, "ingestion batch failed: run=%s dataset=%s", runId, contract.name());
            return ProblemException.unavailable("Ingestion run " + runId + " stopped after storing " + stored
                + " and quarantining " + quarantined
                + " records: the database or Kafka did not accept the next batch. Try again later.");
        }

        /**
         * Hands the pending records to the writers. {@value #BATCHES_IN_FLIGHT} batches may be in flight, so the
         * database copies the next batch while earlier ones wait for the broker's acknowledgements and commit; their
         * order is kept
         * at every step: a batch starts its COPY after the previous COPY ended (record ids ascend from batch to
         * batch), sends its first event after the previous batch's last one (per-key order on the topic), and
         * commits after the previous commit (a reader paging by id never passes rows that commit later). With
         * deduplication one batch at a time: its key look-up must see the previous batch committed.
         */
        private void flushRecords(Instant ingestedAt) {
            if (pending.isEmpty() && replayDeduplicated.isEmpty()) {
                return;
            }
            List<Pending> records = new ArrayList<>(pending);
            List<Long> replayDedup = new ArrayList<>(replayDeduplicated);
            pending.clear();
            pendingByKey.clear();
            replayDeduplicated.clear();
            int depth = dedup == null ? BATCHES_IN_FLIGHT : 1;
            while (inFlight.size() >= depth) {
                awaitOldest();
            }
            Batch previous = inFlight.peekLast();
            Batch batch = new Batch(new CompletableFuture<>(), new CompletableFuture<>(), new CompletableFuture<>());
            inFlight.addLast(batch);
            writers.execute(() -> {
                try {
                    batch.done().complete(write(records, replayDedup, ingestedAt, previous, batch));
                } catch (Throwable e) {
                    batch.done().completeExceptionally(e);
                } finally {
                    // never leave the next batch waiting on a step this one did not reach
                    batch.copied().complete(null);
                    batch.sent().complete(null);
                }
            });
        }

        private static void join(CompletableFuture<Void> task) {
            try {
                task.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }

        /** Waits for every batch in flight, oldest first, and adds their counts; rethrows the first failure. */
        private void awaitWriter() {
            RuntimeException failure = null;
            while (!inFlight.isEmpty()) {
                try {
                    awaitOldest();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        /** Waits for the oldest batch in flight and adds its counts; rethrows its failure. */
        private void awaitOldest() {
            Batch batch = inFlight.pollFirst();
            Written written;
            try {
                written = batch.done().join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
            stored += written.stored();
            deduplicated += written.deduplicated();
        }

        /**
         * On the writer thread: drops or replaces duplicates of stored keys, stores the batch and publishes it,
         * and marks replayed quarantine entries. Touches no field of the run but the immutable ones.
         */
        private Written write(List<Pending> batch, List<Long> replayDeduplicatedIds, Instant ingestedAt, Batch previous,
            Batch self) {
            long dropped = 0;
            long replaced = 0;
            List<Long> replayDedup = new ArrayList<>(replayDeduplicatedIds);
            List<Pending> kept = batch;
            if (!batch.isEmpty() && dedup != null) {
                List<String> keys = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    keys.add(p.record().key());
                }
                if (dedup.keepLatest()) {
                    replaced = curated.deleteKeys(contract.name(), keys, runId);
                    count("deduplicated", replaced);
                } else {
                    Set<String> existing = curated.existingKeys(contract.name(), keys);
                    if (!existing.isEmpty()) {
                        kept = new ArrayList<>();
                        for (Pending p : batch) {
                            if (existing.contains(p.record().key())) {
                                dropped++;
                                if (p.replayOf() != null) {
                                    replayDedup.add(p.replayOf());
                                }
                            } else {
                                kept.add(p);
                            }
                        }
                        count("deduplicated", dropped);
                    }
                }
            }
            if (!kept.isEmpty()) {
                List<ValidRecord> records = new ArrayList<>(kept.size());
                List<Long> replayed = new ArrayList<>();
                for (Pending p : kept) {
                    records.add(p.record());
                    if (p.replayOf() != null) {
                        replayed.add(p.replayOf());
                    }
                }
                // the events are encoded and sent on a second writer thread while this one copies the rows; the
                // transaction commits only once the broker acknowledged every event
                CompletableFuture<Void> published = CompletableFuture.runAsync(() -> {
                    if (previous != null) {
                        previous.sent().join();
                    }
                    publisher.publishAndAwait(contract, runId, ingestedAt, records, () -> self.sent().complete(null));
                }, writers);
                if (previous != null) {
                    previous.copied().join();
                }
                try {
                    IngestionService.this.records.insertBatch(contract.name(), contract.version(), runId, ingestedAt,
                        records, () -> {
                            self.copied().complete(null);
                            join(published);
                            if (previous != null) {
                                previous.done().join(); // committed (or failed: then this batch rolls back too)
                            }
                        });
                } finally {
                    // never leave a send running past the batch (e.g. when the COPY failed first)
                    published.exceptionally(e -> null).join();
                }
                count("stored", records.size());
                quarantine.markReplayed(replayed, QuarantinedRecord.REPLAYED, runId, ingestedAt);
            }
            if (!replayDedup.isEmpty()) {
                quarantine.markReplayed(replayDedup, QuarantinedRecord.DEDUPLICATED, runId, ingestedAt);
            }
            return new Written(kept.size() - replaced, dropped + replaced);
        }

        private void flushQuarantine(Instant at) {
            if (!toQuarantine.isEmpty()) {
                List<NewQuarantine> batch = List.copyOf(toQuarantine);
                quarantine.insertBatch(contract.name(), contract.version(), runId, at, batch,
                    ids -> quarantinePublisher.publishAndAwait(contract.name(), contract.version(), runId, source, at,
                        batch, ids));
                quarantined += batch.size();
                count("quarantined", batch.size());
                toQuarantine.clear();
            }
            if (!stillFailing.isEmpty()) {
                quarantine.updateStillFailing(stillFailing, runId, at);
                quarantined += stillFailing.size();
                count("quarantined", stillFailing.size());
                stillFailing.clear();
            }
        }

        /**
         * Writes what is pending and waits until it is durable: every record offered so far is stored (committed)
         * and published, quarantined, or deduplicated. A streaming source calls this before it acknowledges at the
         * source, so one run can span many small acknowledged batches while the run's row, its summary and its
         * lineage are written once, at {@link #finish()}.
         */
        public synchronized Decided checkpoint() {
            flush();
            try {
                awaitWriter();
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
            return new Decided(stored, quarantined, deduplicated);
        }

        /** Flushes the last batches and records the run as SUCCEEDED; emits its lineage. */
        public synchronized RunSummary finish() {
            checkpoint();
            if (read != stored + quarantined + deduplicated) {
                throw new IllegalStateException("run " + runId + " lost records: read " + read + ", stored " + stored
                    + ", quarantined " + quarantined + ", deduplicated " + deduplicated);
            }
            RunSummary summary = summary(RunStatus.SUCCEEDED, null);
            runs.finish(summary, null);
            done = true;
            LOG.infof("ingestion run finished: run=%s dataset=%s contractVersion=%d source=%s read=%d stored=%d "
                    + "quarantined=%d deduplicated=%d bytes=%d", runId, contract.name(), contract.version(), source,
                read, stored, quarantined, deduplicated, summary.bytesRead());
            lineage.publish(summary);
            return summary;
        }

        /** Records the run as FAILED; counts cover the records decided before the failure. Idempotent. */
        public synchronized void fail(Throwable cause) {
            if (done) {
                return;
            }
            done = true;
            try {
                awaitWriter();
            } catch (RuntimeException e) {
                LOG.debugf(e, "the last batch of run %s was not written", runId);
            }
            pending.clear();
            toQuarantine.clear();
            stillFailing.clear();
            RunSummary summary = summary(RunStatus.FAILED, String.valueOf(cause.getMessage()));
            LOG.warnf("ingestion run failed: run=%s dataset=%s stored=%d quarantined=%d cause=%s", runId,
                contract.name(), stored, quarantined, cause.toString());
            try {
                runs.finish(summary, summary.failure());
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not record the failure of run %s", runId);
            }
            lineage.publish(summary);
        }

        /** For a FAILED run the records of the batch that failed were not decided: not counted as read. */
        private RunSummary summary(RunStatus status, String failure) {
            boolean fed = tally.bytes() > 0;
            return new RunSummary(runId.toString(), contract.name(), contract.version(),
                stored + quarantined + deduplicated, stored, quarantined, rejections, quarantined > rejections.size(),
                status, source, startedAt, Instant.now().truncatedTo(ChronoUnit.MICROS), deduplicated,
                fed ? tally.bytes() : payloads.bytes(), fed ? tally.hex() : payloads.hex(), failure);
        }
    }
}
