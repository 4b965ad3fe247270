package io.meridian.bench;

import static io.meridian.bench.BenchSupport.deleteRecursively;
import static io.meridian.bench.BenchSupport.javaBinary;
import static io.meridian.bench.BenchSupport.logInfraTo;
import static io.meridian.bench.BenchSupport.seconds;
import static io.meridian.bench.BenchSupport.serviceJvmOptions;
import static io.meridian.bench.BenchSupport.vmHwmKb;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.contracts.Topics;
import io.meridian.embedded.EmbeddedKafka;
import io.meridian.embedded.EmbeddedPostgresServer;
import io.meridian.ingest.service.CsvReader;
import io.meridian.launcher.ManagedProcess;
import io.meridian.launcher.Service;

/**
 * The ingestion benchmark of issue 3, in one run on this machine:
 * <ol>
 * <li>writes a seeded CSV (default 1,000,000 rows x 20 mixed-type columns) and its contract;</li>
 * <li>(a) parse-only: the ingest-service {@link CsvReader} over the file;</li>
 * <li>starts embedded PostgreSQL and Kafka (KRaft) in this JVM;</li>
 * <li>(b) Kafka floor: Kafka's own {@code ProducerPerformance} (kafka-tools) on the same broker, as many
 * records of the mean CSV row size, {@code acks=all}, in a child JVM;</li>
 * <li>(c) PostgreSQL floor: {@code COPY ... FROM STDIN (FORMAT csv)} of the same file into a plain typed table;</li>
 * <li>(d) end to end: the packaged ingest-service as a separate process; the file POSTed to
 * {@code /v1/datasets/{name}/records} with a writer token; rows/s and the service's peak RSS (VmHWM); the
 * stored rows and the topic's records are counted afterwards.</li>
 * </ol>
 * Target (issue 3): end to end at least half of the slower floor. Figures on a shared machine are noisy.
 *
 * <p>Options: {@code --rows=N --seed=S --work=DIR --root=CHECKOUT --skip-floors=true} (measures only the end-to-end
 * run, for profiling) {@code --warmup-rows=200000} (an unmeasured upload first, 0 for none). The service's JVM
 * options come from {@code MERIDIAN_BENCH_JVM_OPTS} (default: the launcher's for ingest-service); its settings from the
 * usual environment variables (e.g. {@code MERIDIAN_INGEST_BATCH_SIZE}), which it inherits.
 */
public final class IngestBenchmark {
    private static final String DATASET = "bench";
    private static final String PERF_TOPIC = "bench.producer-perf";
    private static final int PARTITIONS = 3;
    private static final String KAFKA_FLOOR = "Kafka floor: ProducerPerformance, acks=all";
    private static final String KAFKA_AT_EVENT_SIZE = "Kafka at the event size (reference): ProducerPerformance, acks=all";
    private static final int EVENT_SAMPLE = 10_000;
    private static final Pattern PERF_SUMMARY = Pattern.compile(
        "(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), ([\\d.]+) ms avg latency, ([\\d.]+) ms max");

    private final PrintStream out;
    private final long rows;
    private final long seed;
    private final Path work;
    private final Path root;
    private final boolean skipFloors;
    private final long warmupRows;
    private final List<Result> results = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();

    /** One line of the result table. */
    record Result(String what, long rows, double seconds, String note) {
        double rate() {
            return rows / seconds;
        }
    }

    private IngestBenchmark(PrintStream out, long rows, long seed, Path work, Path root, boolean skipFloors,
        long warmupRows) {
        this.out = out;
        this.skipFloors = skipFloors;
        this.warmupRows = warmupRows;
        this.rows = rows;
        this.seed = seed;
        this.work = work;
        this.root = root;
    }

    public static void main(String[] args) throws Exception {
        // Kafka and PostgreSQL log through JBoss LogManager; it must own java.util.logging before anything logs
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Map<String, String> options = BenchSupport.options(args, "IngestBenchmark [--rows=1000000] [--seed=42]"
            + " [--work=bench/target/bench-work] [--root=.] [--skip-floors=true] [--warmup-rows=200000]",
            List.of("rows", "seed", "work", "root", "skip-floors", "warmup-rows"));
        Path root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        Path work = Path.of(options.getOrDefault("work", root.resolve("bench/target/bench-work").toString()))
            .toAbsolutePath().normalize();
        long rows = Long.parseLong(options.getOrDefault("rows", "1000000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "42"));
        boolean skipFloors = Boolean.parseBoolean(options.getOrDefault("skip-floors", "false"));
        long warmupRows = Long.parseLong(options.getOrDefault("warmup-rows", "200000"));
        new IngestBenchmark(System.out, rows, seed, work, root, skipFloors, warmupRows).run();
    }

    private void run() throws Exception {
        Path jar = BenchSupport.prepare(root, work, out);

        Path csv = work.resolve("bench-" + rows + "-" + seed + ".csv");
        long t0 = System.nanoTime();
        BenchData.Written file = BenchData.writeCsv(csv, rows, seed);
        out.printf(Locale.ROOT, "generated %s: %,d rows x %d columns, %,d bytes (mean row %.0f bytes) in %.1f s%n",
            csv.getFileName(), file.rows(), BenchData.COLUMNS.size(), file.bytes(), file.meanRowBytes(), seconds(t0));
        facts.put("file", String.format(Locale.ROOT, "%,d rows x %d columns, %.1f MB, mean row %.0f bytes",
            file.rows(), BenchData.COLUMNS.size(), file.bytes() / 1e6, file.meanRowBytes()));

        if (!skipFloors) {
            parseOnly(csv);
        }

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("data/postgres"), 0);
             EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("data/kafka"), 0)) {
            out.printf("PostgreSQL on port %d, Kafka on %s%n", postgres.port(), kafka.bootstrapServers());
            kafka.createTopics(PARTITIONS, Topics.all().toArray(String[]::new));
            kafka.createTopics(PARTITIONS, PERF_TOPIC);
            if (!skipFloors) {
                kafkaFloor(kafka, (int) Math.round(file.meanRowBytes()), KAFKA_FLOOR);
                copyFloor(postgres, csv);
            }
            endToEnd(postgres, kafka, csv, jar);
            if (!skipFloors) {
                // the service's records are larger than the CSV rows (protobuf with field names, CloudEvents
                // headers): the same tool at their size, for reference next to the floor
                int eventBytes = (int) Math.round(meanEventBytes(kafka));
                kafkaFloor(kafka, eventBytes, KAFKA_AT_EVENT_SIZE);
            }
        }
        printTable();
    }

    /** (a) the ingest CsvReader over the file: a warm-up over the first 10%, then the whole file. */
    private void parseOnly(Path csv) throws IOException {
        parse(csv, Math.max(1, rows / 10));
        long t0 = System.nanoTime();
        long parsed = parse(csv, Long.MAX_VALUE);
        double s = seconds(t0);
        if (parsed != rows) {
            throw new IllegalStateException("the CsvReader read " + parsed + " rows, expected " + rows);
        }
        results.add(new Result("parse only (ingest CsvReader)", parsed, s, "in the benchmark JVM, after a warm-up"));
        out.printf(Locale.ROOT, "(a) parse only: %,d rows in %.2f s%n", parsed, s);
    }

    private static long parse(Path csv, long limit) throws IOException {
        long count = 0;
        try (InputStream in = Files.newInputStream(csv)) {
            CsvReader reader = new CsvReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 20);
            reader.next(); // header
            CsvReader.Row row;
            while (count < limit && (row = reader.next()) != null) {
                if (row.malformed() || row.fields().size() != BenchData.COLUMNS.size()) {
                    throw new IllegalStateException("row " + (count + 1) + " did not parse: " + row.error());
                }
                count++;
            }
        }
        return count;
    }

    /**
     * (b) Kafka's producer-perf tool in a child JVM on the same broker, {@code recordSize}-byte values (it sends no
     * key and no headers: at the event size the value stands for the whole record).
     */
    private void kafkaFloor(EmbeddedKafka kafka, int recordSize, String label) throws IOException, InterruptedException {
        List<String> command = List.of(javaBinary(), "-Xmx512m", "-cp", classPath(),
            "org.apache.kafka.tools.ProducerPerformance", "--topic", PERF_TOPIC, "--num-records", Long.toString(rows),
            "--record-size", Integer.toString(recordSize), "--throughput", "-1",
            "--producer-props", "bootstrap.servers=" + kafka.bootstrapServers(), "acks=all");
        Path log = work.resolve("producer-perf.log");
        ManagedProcess perf = ManagedProcess.start("producer-perf", command, Map.of(), work, log, false);
        ProcessHandle handle = ProcessHandle.of(perf.pid()).orElseThrow();
        try {
            handle.onExit().get(30, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            perf.stop(Duration.ofSeconds(5));
            throw new IllegalStateException("producer-perf did not finish; see " + log, e);
        }
        Matcher summary = null;
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            Matcher m = PERF_SUMMARY.matcher(line);
            if (m.find()) {
                summary = m;
            }
        }
        if (summary == null) {
            throw new IllegalStateException("producer-perf printed no summary; last lines of " + log + ":\n"
                + perf.logTail(20));
        }
        long sent = Long.parseLong(summary.group(1));
        double rate = Double.parseDouble(summary.group(2));
        results.add(new Result(label, sent, sent / rate, String.format(Locale.ROOT,
            "record %d B, %s MB/s, latency avg %s ms / max %s ms", recordSize, summary.group(3), summary.group(4),
            summary.group(5))));
        out.printf(Locale.ROOT, "(b) Kafka producer-perf, %d B records: %s%n", recordSize, summary.group(0));
    }

    /**
     * Mean bytes of one record the service published on the records topic (key, value, header keys and values) over
     * the first {@value #EVENT_SAMPLE} records of the measured dataset.
     */
    private static double meanEventBytes(EmbeddedKafka kafka) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
            ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        byte[] prefix = (DATASET + "/").getBytes(StandardCharsets.UTF_8);
        long bytes = 0;
        int sampled = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.INGEST_RECORDS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (sampled < EVENT_SAMPLE && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (sampled < EVENT_SAMPLE && r.key() != null && java.util.Arrays.equals(r.key(), 0,
                        Math.min(prefix.length, r.key().length), prefix, 0, prefix.length)) {
                        bytes += r.key().length + r.value().length;
                        for (Header h : r.headers()) {
                            bytes += h.key().getBytes(StandardCharsets.UTF_8).length + h.value().length;
                        }
                        sampled++;
                    }
                }
            }
        }
        if (sampled == 0) {
            throw new IllegalStateException("no record of dataset " + DATASET + " on " + Topics.INGEST_RECORDS);
        }
        return (double) bytes / sampled;
    }

    /** (c) COPY of the same file into a plain typed table of its own database. */
    private void copyFloor(EmbeddedPostgresServer postgres, Path csv) throws SQLException, IOException {
        String url = postgres.createDatabase("bench_floor");
        try (Connection c = DriverManager.getConnection(url, postgres.user(), postgres.password());
             Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS copy_floor");
            st.execute(BenchData.createTableSql("copy_floor"));
            long t0 = System.nanoTime();
            long copied;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(csv), 1 << 16)) {
                copied = c.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY copy_floor FROM STDIN (FORMAT csv, HEADER true)", in, 1 << 16);
            }
            double s = seconds(t0);
            results.add(new Result("PostgreSQL floor: COPY csv into a plain table", copied, s,
                "same file, typed columns, no indexes, autocommit"));
            out.printf(Locale.ROOT, "(c) PostgreSQL COPY: %,d rows in %.2f s%n", copied, s);
            // leave nothing of the floor for the server to do during the end-to-end upload: autovacuum would
            // vacuum and analyse the million fresh rows (seen as PostgreSQL using 10.5 core-s in the end-to-end
            // phase instead of about 7) and the checkpointer would write their pages
            st.execute("DROP TABLE copy_floor");
            st.execute("CHECKPOINT");
        }
    }

    /** (d) the packaged service as a separate process; the file uploaded through the public API. */
    private void endToEnd(EmbeddedPostgresServer postgres, EmbeddedKafka kafka, Path csv, Path jar) throws Exception {
        try (IngestServiceProcess service = IngestServiceProcess.start(jar, work.resolve("ingest-service.log"), postgres,
            kafka)) {
            long startupHwm = vmHwmKb(service.pid()).orElse(-1L);
            service.sendJson("PUT", "/v1/datasets/" + DATASET, BenchData.contractJson(), 201, 200);
            if (warmupRows > 0) {
                warmUp(service, csv.resolveSibling("warmup-" + warmupRows + "-" + (seed + 1) + ".csv"));
            }
            long topicBefore = topicRecords(kafka, Topics.INGEST_RECORDS);

            BenchSupport.Cpu cpuBefore = BenchSupport.Cpu.now(service.pid(), work.resolve("data/postgres"));
            long t0 = System.nanoTime();
            HttpResponse<String> upload = service.send(service.request("/v1/datasets/" + DATASET + "/records")
                .timeout(Duration.ofMinutes(60)).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(csv)).build());
            double s = seconds(t0);
            BenchSupport.Cpu cpu = BenchSupport.Cpu.now(service.pid(), work.resolve("data/postgres")).minus(cpuBefore);
            long peakKb = vmHwmKb(service.pid()).orElse(-1L);
            if (upload.statusCode() != 200) {
                throw new IllegalStateException("upload answered " + upload.statusCode() + ": " + abbreviate(upload.body())
                    + "\nlast lines of " + service.log() + ":\n" + service.logTail(30));
            }
            JsonNode summary = json.readTree(upload.body());
            long stored = summary.path("rowsStored").asLong();
            long read = summary.path("rowsRead").asLong();
            long rejected = summary.path("rowsRejected").asLong();
            long inDatabase = countRows(service.jdbcUrl(), postgres);
            long onTopic = topicRecords(kafka, Topics.INGEST_RECORDS) - topicBefore;
            results.add(new Result("end to end: POST text/csv -> validate -> PostgreSQL + Kafka", stored, s,
                String.format(Locale.ROOT, "read %,d, stored %,d, rejected %,d; curated_record %,d rows, topic %,d records",
                    read, stored, rejected, inDatabase, onTopic)));
            facts.put("ingest-service peak RSS (VmHWM)", String.format(Locale.ROOT, "%,d MB (%,d MB after start-up)",
                peakKb / 1024, startupHwm / 1024));
            facts.put("ingest-service JVM", String.join(" ", serviceJvmOptions()));
            facts.put("CPU during the upload (core-seconds)", String.format(Locale.ROOT,
                "ingest-service %.1f (%.1f us/row), PostgreSQL %.1f, benchmark JVM (Kafka broker, HTTP client) %.1f;"
                    + " whole machine %.1f busy of %.1f", cpu.service(), cpu.service() * 1e6 / Math.max(1, rows),
                cpu.postgres(), cpu.self(), cpu.machineBusy(), cpu.machineTotal()));
            out.printf(Locale.ROOT, "(d) end to end: %,d rows stored in %.2f s; peak RSS %,d MB%n", stored, s,
                peakKb / 1024);
            if (read != rows || stored + rejected != read || inDatabase != stored || onTopic != stored) {
                out.printf(Locale.ROOT, "WARNING: counts disagree: file %,d, read %,d, stored %,d, rejected %,d, "
                    + "database %,d, topic %,d%n", rows, read, stored, rejected, inDatabase, onTopic);
            }
        }
    }

    /**
     * A first upload of {@code warmupRows} other rows into another dataset with the same contract, not measured: the
     * measured upload then meets a service whose code the JIT has compiled, as a running service's would be (on 2
     * cores the compilation alone took several core-seconds of a cold 1M-row upload).
     */
    private void warmUp(IngestServiceProcess service, Path warmupCsv) throws Exception {
        BenchData.writeCsv(warmupCsv, warmupRows, seed + 1);
        service.sendJson("PUT", "/v1/datasets/" + DATASET + "-warmup", BenchData.contractJson(), 201, 200);
        long t0 = System.nanoTime();
        HttpResponse<String> upload = service.send(service.request("/v1/datasets/" + DATASET + "-warmup/records")
            .timeout(Duration.ofMinutes(30)).header("Content-Type", "text/csv")
            .POST(HttpRequest.BodyPublishers.ofFile(warmupCsv)).build());
        if (upload.statusCode() != 200) {
            throw new IllegalStateException("warm-up upload answered " + upload.statusCode() + ": "
                + abbreviate(upload.body()));
        }
        double s = seconds(t0);
        out.printf(Locale.ROOT, "warm-up: %,d rows into dataset %s-warmup in %.2f s (%,.0f rows/s, not counted)%n",
            warmupRows, DATASET, s, warmupRows / s);
        facts.put("warm-up", String.format(Locale.ROOT, "%,d rows uploaded first into another dataset, not measured "
            + "(%,.0f rows/s cold)", warmupRows, warmupRows / s));
    }

    private void printTable() {
        out.println();
        out.println("| measurement | rows | seconds | rows/s | notes |");
        out.println("|---|---:|---:|---:|---|");
        for (Result r : results) {
            out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s |%n", r.what(), r.rows(), r.seconds(), r.rate(),
                r.note());
        }
        out.println();
        facts.forEach((k, v) -> out.printf("%s: %s%n", k, v));
        Optional<Result> kafka = find(KAFKA_FLOOR);
        Optional<Result> copy = find("PostgreSQL floor");
        Optional<Result> e2e = find("end to end");
        if (kafka.isPresent() && copy.isPresent() && e2e.isPresent()) {
            double floor = Math.min(kafka.get().rate(), copy.get().rate());
            double ratio = e2e.get().rate() / floor;
            out.printf(Locale.ROOT, "target: end to end >= 0.5 x slower floor (%,.0f rows/s) = %,.0f rows/s -> "
                + "measured %,.0f rows/s = %.2f x the slower floor: %s%n", floor, floor / 2, e2e.get().rate(), ratio,
                ratio >= 0.5 ? "MET" : "NOT MET");
        }
        Optional<Result> atEventSize = find(KAFKA_AT_EVENT_SIZE);
        if (atEventSize.isPresent() && e2e.isPresent()) {
            out.printf(Locale.ROOT, "reference: end to end = %.2f x Kafka's producer-perf at the size of the service's "
                + "records (%,.0f records/s; not the issue's floor, which uses the CSV row size)%n",
                e2e.get().rate() / atEventSize.get().rate(), atEventSize.get().rate());
        }
        out.println("(one run on a shared machine: figures are noisy)");
    }

    private Optional<Result> find(String prefix) {
        return results.stream().filter(r -> r.what().startsWith(prefix)).findFirst();
    }

    private static long countRows(String jdbcUrl, EmbeddedPostgresServer postgres) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, postgres.user(), postgres.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM curated_record WHERE dataset = '" + DATASET + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long topicRecords(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(o -> o.offset()).sum();
        }
    }

    /** This jar and its lib/ folder, or the class path of this JVM when not run from the jar. */
    private static String classPath() {
        try {
            Path self = Path.of(IngestBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path lib = self.getParent().resolve("lib");
            if (Files.isRegularFile(self) && Files.isDirectory(lib)) {
                try (var jars = Files.list(lib)) {
                    return self + java.io.File.pathSeparator + jars.map(Path::toString).sorted()
                        .collect(Collectors.joining(java.io.File.pathSeparator));
                }
            }
        } catch (URISyntaxException | IOException e) {
            // fall through to the JVM's own class path
        }
        return System.getProperty("java.class.path");
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }
}
