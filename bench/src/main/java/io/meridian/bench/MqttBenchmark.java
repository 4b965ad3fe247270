package io.meridian.bench;

import static io.meridian.bench.BenchSupport.deleteRecursively;
import static io.meridian.bench.BenchSupport.logInfraTo;
import static io.meridian.bench.BenchSupport.seconds;
import static io.meridian.bench.BenchSupport.serviceJvmOptions;
import static io.meridian.bench.BenchSupport.vmHwmKb;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.contracts.Topics;
import io.meridian.embedded.EmbeddedKafka;
import io.meridian.embedded.EmbeddedMqttBroker;
import io.meridian.embedded.EmbeddedPostgresServer;
import io.meridian.launcher.Service;

/**
 * The MQTT benchmark of issue 3: MQTT to Kafka at QoS 1, in one run on this machine.
 * <ol>
 * <li>starts embedded PostgreSQL, Kafka (KRaft, every platform topic created) and Moquette in this JVM, and the
 * packaged ingest-service as a separate process;</li>
 * <li>floor: the broker's own publish-to-subscribe rate: a Paho QoS 1 publisher (window {@code --inflight}) and
 * a Paho QoS 1 subscriber on {@code floor/+/telemetry}; the same {@code --messages} payloads; rate = messages /
 * (first publish to last message received); every sequence number must arrive;</li>
 * <li>end to end: the telemetry contract and an MQTT source on {@code devices/+/telemetry} (QoS 1) created
 * through the public API; the same publisher publishes the same messages (a share of them deliberately
 * invalid: not JSON, or a reading out of range) and the run ends when the source's accounting reaches them
 * all: read = stored + quarantined (+ deduplicated); then the runs in the database, the curated and
 * quarantined rows and the records on {@code meridian.ingest.records.v1} / {@code .quarantine.v1} are
 * counted.</li>
 * </ol>
 * Options: {@code --messages=200000 --devices=100 --invalid-percent=1 --seed=42 --inflight=1000
 * --batch-size=10 --batch-ms=100 --stall-seconds=120 --mqtt-persistence=true --warmup-messages=20000 --work=DIR
 * --root=CHECKOUT}.
 * The source's {@code batchSize}/{@code batchMs} default to 10 (Moquette's fixed in-flight window) and 100 ms;
 * {@code default} leaves the service's own (500 / 1000 ms). Figures on a shared machine are noisy; nothing here
 * asserts a rate.
 */
public final class MqttBenchmark {
    private static final String DATASET = "telemetry";
    private static final String SOURCE = "bench-telemetry";
    private static final String WARMUP_DATASET = "telemetry-warmup";
    private static final String WARMUP_SOURCE = "bench-telemetry-warmup";
    private static final String RUN_SOURCE = "mqtt:" + SOURCE;
    private static final String PROBE_DEVICE = "probe";
    private static final String CURATED_WITHOUT_PROBES = "SELECT count(*) FROM curated_record WHERE dataset = ? "
        + "AND record_values::json->>'device_id' <> '" + PROBE_DEVICE + "'";
    private static final String QUARANTINED = "SELECT count(*) FROM quarantined_record WHERE dataset = ?";
    private static final String USAGE = "MqttBenchmark [--messages=200000] [--devices=100] [--invalid-percent=1]"
        + " [--seed=42] [--inflight=1000] [--batch-size=10|N|default] [--batch-ms=100|MS|default] [--stall-seconds=120]"
        + " [--mqtt-persistence=true] [--warmup-messages=20000] [--work=bench/target/mqtt-bench-work] [--root=.]";
    private static final int PARTITIONS = 3;
    /** {@code io.moquette.BrokerConstants.INFLIGHT_WINDOW_SIZE} of Moquette 0.17 (not configurable). */
    private static final int MOQUETTE_INFLIGHT_WINDOW = 10;

    private final PrintStream out;
    private final Map<String, String> options;
    private final int messages;
    private final int devices;
    private final double invalidPercent;
    private final long seed;
    private final int inflight;
    private final Duration stall;
    private final boolean persistence;
    private final int warmupMessages;
    private final Path work;
    private final Path root;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, String> facts = new LinkedHashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private double floorRate = Double.NaN;

    /** One line of the result table. */
    record Row(String what, long messages, double seconds, String note) {
        double rate() {
            return messages / seconds;
        }
    }

    /** The source's counters as {@code GET /v1/sources/{name}} shows them. */
    record Accounting(long read, long stored, long quarantined, long deduplicated, long runs) {
        long accounted() {
            return stored + quarantined + deduplicated;
        }

        Accounting minus(Accounting base) {
            return new Accounting(read - base.read, stored - base.stored, quarantined - base.quarantined,
                deduplicated - base.deduplicated, runs - base.runs);
        }
    }

    private MqttBenchmark(PrintStream out, Map<String, String> options) {
        this.out = out;
        this.options = options;
        this.messages = Integer.parseInt(options.getOrDefault("messages", "200000"));
        this.devices = Integer.parseInt(options.getOrDefault("devices", "100"));
        this.invalidPercent = Double.parseDouble(options.getOrDefault("invalid-percent", "1"));
        this.seed = Long.parseLong(options.getOrDefault("seed", "42"));
        this.inflight = Integer.parseInt(options.getOrDefault("inflight", "1000"));
        this.stall = Duration.ofSeconds(Long.parseLong(options.getOrDefault("stall-seconds", "120")));
        this.persistence = Boolean.parseBoolean(options.getOrDefault("mqtt-persistence", "true"));
        this.warmupMessages = Integer.parseInt(options.getOrDefault("warmup-messages", "20000"));
        this.root = Path.of(options.getOrDefault("root", ".")).toAbsolutePath().normalize();
        this.work = Path.of(options.getOrDefault("work", root.resolve("bench/target/mqtt-bench-work").toString()))
            .toAbsolutePath().normalize();
    }

    public static void main(String[] args) throws Exception {
        // Kafka, PostgreSQL and Moquette log through JBoss LogManager; it must own java.util.logging first
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Map<String, String> options = BenchSupport.options(args, USAGE, List.of("messages", "devices",
            "invalid-percent", "seed", "inflight", "batch-size", "batch-ms", "stall-seconds", "mqtt-persistence",
            "warmup-messages", "work", "root"));
        new MqttBenchmark(System.out, options).run();
    }

    private void run() throws Exception {
        Path jar = BenchSupport.prepare(root, work, out);
        Telemetry data = Telemetry.generate(messages, devices, invalidPercent, seed);
        facts.put("messages", String.format(Locale.ROOT, "%,d from %d devices, mean payload %.0f bytes; invalid %,d "
            + "(%,d not JSON, %,d humidity > 100)", data.count(), data.deviceCount(), data.meanPayloadBytes(),
            data.invalid(), data.nonJson(), data.outOfRange()));
        out.println("generated " + facts.get("messages"));

        try (EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(work.resolve("data/postgres"), 0);
             EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("data/kafka"), 0);
             EmbeddedMqttBroker broker = EmbeddedMqttBroker.start(persistence ? work.resolve("data/mqtt") : null, 0)) {
            out.printf("PostgreSQL on port %d, Kafka on %s, MQTT on %s (persistence %s)%n", postgres.port(),
                kafka.bootstrapServers(), broker.url(), persistence ? "on, as the launcher runs it" : "off");
            kafka.createTopics(PARTITIONS, Topics.all().toArray(String[]::new));
            floor(broker, data);
            endToEnd(postgres, kafka, broker, data, jar);
        }
        printTable();
    }

    /**
     * The broker's own publish-to-subscribe rate with the same publisher and payloads, after a warm-up of a tenth
     * of the messages (at least 1,000) on another topic.
     */
    private void floor(EmbeddedMqttBroker broker, Telemetry data) throws Exception {
        Telemetry warmUp = Telemetry.generate(Math.max(1_000, data.count() / 10), devices, invalidPercent, seed + 1);
        pubSub(broker, warmUp, "warmup");
        pubSub(broker, data, "floor");
    }

    private void pubSub(EmbeddedMqttBroker broker, Telemetry data, String prefix) throws Exception {
        FloorSubscriber receiver = new FloorSubscriber(data.count());
        MqttClient subscriber = new MqttClient(broker.url(), "bench-" + prefix + "-subscriber", new MemoryPersistence());
        subscriber.setCallback(receiver);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        subscriber.connect(options);
        subscriber.subscribe(prefix + "/+/telemetry", 1);
        try (MqttPublisher publisher = MqttPublisher.connect(broker.url(), "bench-" + prefix + "-publisher", inflight)) {
            MqttPublisher.Outcome sent = publisher.publish(data, prefix, stall);
            boolean complete = receiver.await(data.count(), stall);
            long last = receiver.lastArrivalNanos();
            double s = (last - sent.firstPublishNanos()) / 1e9;
            long distinct = receiver.distinct();
            long lost = data.count() - distinct;
            long duplicates = receiver.received() - distinct;
            out.printf(Locale.ROOT, "%s: %,d of %,d received in %.2f s (publisher alone %.2f s); lost %,d%n", prefix,
                distinct, data.count(), s, (sent.lastAckNanos() - sent.firstPublishNanos()) / 1e9, lost);
            if (!"floor".equals(prefix)) {
                return;
            }
            floorRate = complete ? data.count() / s : Double.NaN;
            rows.add(new Row("floor: Paho QoS 1 publisher -> Moquette -> Paho QoS 1 subscriber", distinct, s,
                String.format(Locale.ROOT, "window %d; publisher alone %,.0f msgs/s; received %,d (%,d distinct), "
                    + "lost %,d, duplicates %,d%s", inflight, sent.rate(), receiver.received(), distinct, lost,
                    duplicates, complete ? "" : "; INCOMPLETE: stalled")));
        } finally {
            subscriber.disconnect(5_000);
            subscriber.close();
        }
    }

    /** The same messages through ingest-service's MQTT source, until its accounting holds all of them. */
    private void endToEnd(EmbeddedPostgresServer postgres, EmbeddedKafka kafka, EmbeddedMqttBroker broker,
        Telemetry data, Path jar) throws Exception {
        try (IngestServiceProcess service = IngestServiceProcess.start(jar, work.resolve("ingest-service.log"), postgres,
            kafka)) {
            long startupHwm = vmHwmKb(service.pid()).orElse(-1L);
            try (MqttPublisher publisher = MqttPublisher.connect(broker.url(), "bench-publisher", inflight)) {
                if (warmupMessages > 0) {
                    warmUp(service, postgres, broker, publisher);
                }
                service.sendJson("PUT", "/v1/datasets/" + DATASET, Telemetry.CONTRACT, 201, 200);
                ObjectNode body = sourceBody(broker.url(), SOURCE, DATASET, "devices");
                service.sendJson("POST", "/v1/sources", json.writeValueAsString(body), 201);
                facts.put("MQTT source", json.writeValueAsString(body.get("config")));
                Accounting base = awaitSubscribed(service, publisher);
                long topicBase = IngestBenchmark.topicRecords(kafka, Topics.INGEST_RECORDS);
                long quarantineTopicBase = IngestBenchmark.topicRecords(kafka, Topics.INGEST_QUARANTINE);
                long[] runsBase = runTotals(service, postgres);
                BenchSupport.Cpu cpuBefore = BenchSupport.Cpu.now(service.pid(), work.resolve("data/postgres"));

                CompletableFuture<MqttPublisher.Outcome> publishing = CompletableFuture.supplyAsync(() -> {
                    try {
                        return publisher.publish(data, "devices", stall);
                    } catch (Exception e) {
                        throw new IllegalStateException("publishing failed: " + e.getMessage(), e);
                    }
                });
                Progress progress = follow(service, postgres, base, data.count(), publishing);
                MqttPublisher.Outcome sent = publishing.isDone() && !publishing.isCompletedExceptionally()
                    ? publishing.join() : null;
                long peakKb = vmHwmKb(service.pid()).orElse(-1L);
                BenchSupport.Cpu cpu = BenchSupport.Cpu.now(service.pid(), work.resolve("data/postgres"))
                    .minus(cpuBefore);
                Accounting delta = progress.last().minus(base);
                double s = (progress.endNanos() - progress.startNanos()) / 1e9;

                long curated = countRows(service, postgres, CURATED_WITHOUT_PROBES);
                long quarantinedRows = countRows(service, postgres, QUARANTINED);
                long onTopic = IngestBenchmark.topicRecords(kafka, Topics.INGEST_RECORDS) - topicBase;
                long onQuarantineTopic = IngestBenchmark.topicRecords(kafka, Topics.INGEST_QUARANTINE)
                    - quarantineTopicBase;
                awaitRunsClosed(service, postgres);
                long[] runsEnd = runTotals(service, postgres);
                long runs = runsEnd[0] - runsBase[0];
                long runsRead = runsEnd[1] - runsBase[1];
                long runsStored = runsEnd[2] - runsBase[2];
                long runsQuarantined = runsEnd[3] - runsBase[3];
                long runsFailed = runsEnd[4] - runsBase[4];

                long expectedStored = data.count() - data.invalid();
                boolean zeroLoss = progress.complete() && delta.read() == data.count()
                    && delta.accounted() == data.count() && delta.stored() == expectedStored
                    && delta.quarantined() == data.invalid() && curated == expectedStored
                    && quarantinedRows == data.invalid() && onTopic == expectedStored
                    && onQuarantineTopic == data.invalid() && runsRead == data.count() && runsStored == expectedStored
                    && runsQuarantined == data.invalid();
                rows.add(new Row("end to end: MQTT QoS 1 -> ingest MQTT source -> validate -> PostgreSQL + Kafka",
                    delta.accounted(), s, String.format(Locale.ROOT, "read %,d = stored %,d + quarantined %,d + "
                        + "deduplicated %,d; %,d runs (mean %.1f msgs/run, %d failed); curated_record %,d, "
                        + "quarantined_record %,d, %s %,d, %s %,d; publisher alone %s%s",
                        delta.read(), delta.stored(), delta.quarantined(), delta.deduplicated(), runs,
                        runs == 0 ? 0.0 : (double) runsRead / runs, runsFailed, curated, quarantinedRows,
                        Topics.INGEST_RECORDS, onTopic, Topics.INGEST_QUARANTINE, onQuarantineTopic,
                        sent == null ? "did not finish" : String.format(Locale.ROOT, "%,.0f msgs/s", sent.rate()),
                        progress.complete() ? "" : "; INCOMPLETE: " + progress.why())));
                facts.put("zero loss (in = stored + quarantined, in the source, its runs, the tables and the topics)",
                    zeroLoss ? "YES" : String.format(Locale.ROOT, "NO: published %,d (expected stored %,d, "
                        + "quarantined %,d)", data.count(), expectedStored, data.invalid()));
                if (!Double.isNaN(floorRate) && progress.complete()) {
                    facts.put("end to end / floor", String.format(Locale.ROOT, "%.3f (%,.0f vs %,.0f msgs/s)",
                        data.count() / s / floorRate, data.count() / s, floorRate));
                }
                facts.put("ingest-service peak RSS (VmHWM)", String.format(Locale.ROOT,
                    "%,d MB (%,d MB after start-up)", peakKb / 1024, startupHwm / 1024));
                facts.put("ingest-service JVM", String.join(" ", serviceJvmOptions()));
                facts.put("CPU during the end-to-end phase (core-seconds)", String.format(Locale.ROOT,
                    "ingest-service %.1f (%.1f us/message), PostgreSQL %.1f, benchmark JVM (Kafka, Moquette, "
                        + "publisher) %.1f; whole machine %.1f busy of %.1f", cpu.service(),
                    cpu.service() * 1e6 / Math.max(1, data.count()), cpu.postgres(), cpu.self(), cpu.machineBusy(),
                    cpu.machineTotal()));
                if (progress.threadDump() != null) {
                    facts.put("ingest-service thread dump (mid-run)", progress.threadDump().toString());
                }
                out.printf(Locale.ROOT, "end to end: %,d of %,d accounted in %.2f s; peak RSS %,d MB%n",
                    delta.accounted(), data.count(), s, peakKb / 1024);
            }
        }
    }

    /**
     * A first, unmeasured pass of {@code warmupMessages} other messages through a source of its own (dataset
     * {@value #WARMUP_DATASET}, topics {@code warmup/+/telemetry}), deleted afterwards: the measured run then meets a
     * service whose code the JIT has compiled, as a running service's would be (a cold service spent over half its CPU
     * samples of a 50,000-message run in the C1/C2 compiler threads). Its rate is printed, not counted.
     */
    private void warmUp(IngestServiceProcess service, EmbeddedPostgresServer postgres, EmbeddedMqttBroker broker,
        MqttPublisher publisher) throws Exception {
        service.sendJson("PUT", "/v1/datasets/" + WARMUP_DATASET, Telemetry.CONTRACT, 201, 200);
        service.sendJson("POST", "/v1/sources", json.writeValueAsString(sourceBody(broker.url(), WARMUP_SOURCE,
            WARMUP_DATASET, "warmup")), 201);
        String rows = "SELECT (SELECT count(*) FROM curated_record WHERE dataset = ?) "
            + "+ (SELECT count(*) FROM quarantined_record WHERE dataset = ?)";
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int probes = 0;
        // subscribed once a probe (a valid message of device PROBE_DEVICE) was stored
        while (countRows(service, postgres, rows, WARMUP_DATASET) == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the warm-up source stored none of " + probes + " probes in 2 minutes"
                    + "\nlast lines of " + service.log() + ":\n" + service.logTail(30));
            }
            publisher.publishAndWait("warmup/" + PROBE_DEVICE + "/telemetry", String.format(Locale.ROOT,
                "{\"seq\":%d,\"ts\":1700000000000,\"temperature\":20,\"humidity\":50,\"pressure\":1000}", probes++)
                .getBytes(StandardCharsets.UTF_8));
            Thread.sleep(200);
        }
        Thread.sleep(500); // probes still in flight are stored before the count below is taken
        long before = countRows(service, postgres, rows, WARMUP_DATASET);
        Telemetry warm = Telemetry.generate(warmupMessages, devices, invalidPercent, seed + 2);
        long t0 = System.nanoTime();
        publisher.publish(warm, "warmup", stall);
        long stored;
        while ((stored = countRows(service, postgres, rows, WARMUP_DATASET) - before) < warm.count()) {
            if (System.nanoTime() - t0 > stall.toNanos()) {
                throw new IllegalStateException("the warm-up source stored " + stored + " of " + warm.count()
                    + " messages within " + stall.toSeconds() + " s");
            }
            Thread.sleep(50);
        }
        double s = seconds(t0);
        service.sendJson("DELETE", "/v1/sources/" + WARMUP_SOURCE, null, 204);
        out.printf(Locale.ROOT, "warm-up: %,d messages through source %s in %.2f s (%,.0f msgs/s, not counted)%n",
            warm.count(), WARMUP_SOURCE, s, warm.count() / s);
        facts.put("warm-up", String.format(Locale.ROOT, "%,d messages through a source of their own first, not "
            + "measured (%,.0f msgs/s cold)", warm.count(), warm.count() / s));
    }

    private ObjectNode sourceBody(String brokerUrl, String name, String dataset, String topicPrefix)
        throws IOException {
        ObjectNode body = json.createObjectNode();
        body.put("name", name);
        body.put("dataset", dataset);
        body.put("type", "mqtt");
        ObjectNode config = body.putObject("config");
        config.put("serverUri", brokerUrl);
        config.putArray("topics").add(topicPrefix + "/+/telemetry");
        config.put("qos", 1);
        // Moquette 0.17 keeps at most 10 unacknowledged QoS 1 messages in flight to a subscriber and the source
        // acknowledges after its batch's checkpoint: batches hold at most 10 whatever batchSize (see bench/README.md)
        String batchSize = options.getOrDefault("batch-size", Integer.toString(MOQUETTE_INFLIGHT_WINDOW));
        if (!batchSize.equals("default")) {
            config.put("batchSize", Integer.parseInt(batchSize));
        }
        String batchMs = options.getOrDefault("batch-ms", "100");
        if (!batchMs.equals("default")) {
            config.put("batchMs", Long.parseLong(batchMs));
        }
        body.set("mapping", json.readTree(Telemetry.MAPPING));
        return body;
    }

    /**
     * The source subscribes asynchronously after it was created: probe messages (device {@value #PROBE_DEVICE})
     * are published until one was read, then the counters must settle; they are the baseline.
     */
    private Accounting awaitSubscribed(IngestServiceProcess service, MqttPublisher publisher) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int probe = 0;
        while (accounting(service).read() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the MQTT source read none of " + probe + " probes in 2 minutes: "
                    + source(service) + "\nlast lines of " + service.log() + ":\n" + service.logTail(30));
            }
            publisher.publishAndWait("devices/" + PROBE_DEVICE + "/telemetry", String.format(Locale.ROOT,
                "{\"seq\":%d,\"ts\":1700000000000,\"temperature\":20,\"humidity\":50,\"pressure\":1000}", probe++)
                .getBytes(StandardCharsets.UTF_8));
            Thread.sleep(500);
        }
        Accounting previous = null;
        int stable = 0;
        while (stable < 4) {
            Thread.sleep(500);
            Accounting now = accounting(service);
            stable = now.equals(previous) && now.read() == now.accounted() ? stable + 1 : 0;
            previous = now;
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the MQTT source's counters did not settle after the probes: " + now);
            }
        }
        out.printf(Locale.ROOT, "source subscribed: %d probe(s) published, %d read%n", probe, previous.read());
        return previous;
    }

    /** Where the end-to-end run ended: times are {@link System#nanoTime()}. */
    record Progress(long startNanos, long endNanos, Accounting last, boolean complete, String why, Path threadDump) {
    }

    /**
     * Polls the source every 100 ms until it accounted for every message, nothing was stored for the stall time,
     * or the publisher failed; prints progress every 5 s and takes one thread dump of the service when half the
     * messages are stored (evidence of where its time goes). The source's counters follow its open run's
     * checkpoints at most once a second, so progress is counted in the tables, once a second: rows in
     * {@code curated_record} and {@code quarantined_record} (acknowledged batches).
     */
    private Progress follow(IngestServiceProcess service, EmbeddedPostgresServer postgres, Accounting base, int total,
        CompletableFuture<MqttPublisher.Outcome> publishing) throws Exception {
        long start = System.nanoTime();
        long lastChange = start;
        long lastPrint = start;
        long lastCount = start;
        long durable = 0;
        Path dump = null;
        while (true) {
            Accounting now = accounting(service);
            long t = System.nanoTime();
            Accounting delta = now.minus(base);
            if (t - lastCount >= TimeUnit.SECONDS.toNanos(1)) {
                lastCount = t;
                long rows = durableRows(service, postgres);
                if (rows != durable) {
                    lastChange = t;
                    durable = rows;
                }
            }
            if (delta.read() >= total && delta.accounted() >= total) {
                // every message was routed, so its PUBACK is at most a callback away
                long first = publishing.get(stall.toMillis(), TimeUnit.MILLISECONDS).firstPublishNanos();
                return new Progress(first, t, now, true, null, dump);
            }
            if (dump == null && durable >= total / 2) {
                dump = threadDump(service, "ingest-service-threads-mid-run.txt");
            }
            if (publishing.isCompletedExceptionally()) {
                String why = publishing.handle((r, e) -> e.getMessage()).join();
                return new Progress(start, t, now, false, why, threadDump(service, "ingest-service-threads-stall.txt"));
            }
            if (t - lastChange > stall.toNanos()) {
                Path stallDump = threadDump(service, "ingest-service-threads-stall.txt");
                String why = String.format(Locale.ROOT, "nothing stored for %d s after %,d of %,d (%s); thread "
                    + "dump %s", stall.toSeconds(), durable, total, source(service), stallDump);
                out.println("STALLED: " + why);
                return new Progress(start, lastChange, now, false, why, stallDump);
            }
            if (t - lastPrint > TimeUnit.SECONDS.toNanos(5)) {
                lastPrint = t;
                out.printf(Locale.ROOT, "  %5.0f s: stored or quarantined %,d of %,d (%,.0f msgs/s so far); "
                    + "accounted in finished runs %,d (%d runs); publisher %s%n", (t - start) / 1e9, durable, total,
                    durable / ((t - start) / 1e9), delta.accounted(), delta.runs(),
                    publishing.isDone() ? "done" : "publishing");
            }
            Thread.sleep(100);
        }
    }

    /** Rows the benchmark's messages became so far: curated (without the probes) and quarantined. */
    private static long durableRows(IngestServiceProcess service, EmbeddedPostgresServer postgres) throws SQLException {
        return countRows(service, postgres, CURATED_WITHOUT_PROBES) + countRows(service, postgres, QUARANTINED);
    }

    private Accounting accounting(IngestServiceProcess service) throws IOException, InterruptedException {
        JsonNode s = source(service);
        return new Accounting(s.path("recordsRead").asLong(), s.path("recordsStored").asLong(),
            s.path("recordsQuarantined").asLong(), s.path("recordsDeduplicated").asLong(), s.path("runs").asLong());
    }

    private JsonNode source(IngestServiceProcess service) throws IOException, InterruptedException {
        return json.readTree(service.sendJson("GET", "/v1/sources/" + SOURCE, null, 200));
    }

    /**
     * Waits (outside the measured time) until the source has no open run: the source's counters follow an open run's
     * checkpoints, but its row in {@code ingestion_run} has its final counts once it closed ({@code runIdleMs} after
     * the last message).
     */
    private static void awaitRunsClosed(IngestServiceProcess service, EmbeddedPostgresServer postgres)
        throws SQLException, InterruptedException {
        String open = "SELECT count(*) FROM ingestion_run WHERE source = ? AND status = 'RUNNING'";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (countRows(service, postgres, open, RUN_SOURCE) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Count, rows read, stored, quarantined and failed runs the source created so far. */
    private static long[] runTotals(IngestServiceProcess service, EmbeddedPostgresServer postgres) throws SQLException {
        try (Connection c = DriverManager.getConnection(service.jdbcUrl(), postgres.user(), postgres.password());
             PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(rows_read), 0), "
                 + "coalesce(sum(rows_stored), 0), coalesce(sum(rows_rejected), 0), "
                 + "count(*) FILTER (WHERE status = 'FAILED') FROM ingestion_run WHERE source = ?")) {
            ps.setString(1, RUN_SOURCE);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)};
            }
        }
    }

    private static long countRows(IngestServiceProcess service, EmbeddedPostgresServer postgres, String sql)
        throws SQLException {
        return countRows(service, postgres, sql, DATASET);
    }

    /** The count {@code sql} returns with every parameter bound to {@code value} (a dataset or a run source). */
    private static long countRows(IngestServiceProcess service, EmbeddedPostgresServer postgres, String sql,
        String value) throws SQLException {
        try (Connection c = DriverManager.getConnection(service.jdbcUrl(), postgres.user(), postgres.password());
             PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setString(i, value);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** {@code jcmd <pid> Thread.print} into the work folder; null when jcmd is unavailable. */
    private Path threadDump(IngestServiceProcess service, String name) {
        Path file = work.resolve(name);
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(service.pid()), "Thread.print")
                .redirectErrorStream(true).redirectOutput(file.toFile()).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? file : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void printTable() {
        out.println();
        out.println("| measurement | messages | seconds | msgs/s | notes |");
        out.println("|---|---:|---:|---:|---|");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "| %s | %,d | %.2f | %,.0f | %s |%n", r.what(), r.messages(), r.seconds(), r.rate(),
                r.note());
        }
        out.println();
        facts.forEach((k, v) -> out.printf("%s: %s%n", k, v));
        out.println("(one run on a shared machine: figures are noisy)");
    }

    /** Counts the floor's messages by sequence number (the subscriber's callback thread is the only writer). */
    static final class FloorSubscriber implements MqttCallback {
        private final BitSet seen;
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong distinct = new AtomicLong();
        private volatile long lastArrivalNanos;
        private volatile Throwable lost;

        FloorSubscriber(int expected) {
            this.seen = new BitSet(expected);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            int seq = Telemetry.seqOf(message.getPayload());
            received.incrementAndGet();
            if (seq >= 0 && !seen.get(seq)) {
                seen.set(seq);
                distinct.incrementAndGet();
            }
            lastArrivalNanos = System.nanoTime();
        }

        /** Waits until {@code expected} distinct messages arrived; false when none arrived for {@code stall}. */
        boolean await(int expected, Duration stall) throws InterruptedException {
            long lastCount = -1;
            long lastChange = System.nanoTime();
            while (distinct.get() < expected) {
                if (lost != null) {
                    return false;
                }
                long now = System.nanoTime();
                if (received.get() != lastCount) {
                    lastCount = received.get();
                    lastChange = now;
                } else if (now - lastChange > stall.toNanos()) {
                    return false;
                }
                Thread.sleep(10);
            }
            return true;
        }

        long received() {
            return received.get();
        }

        long distinct() {
            return distinct.get();
        }

        long lastArrivalNanos() {
            return lastArrivalNanos;
        }

        @Override
        public void connectionLost(Throwable cause) {
            lost = cause;
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // subscribes only
        }
    }
}
