package io.meridian.launcher;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

import io.meridian.embedded.DevTokenIssuer;
import io.meridian.embedded.FreePorts;

/**
 * The whole platform on this machine: the embedded infrastructure (in this JVM, or an already running one
 * attached by its ports) and the six packaged services as separate {@code java -jar} processes, each logging
 * to {@code <home>/logs/<service>.log}. Reused by the CLI and by the system tests.
 *
 * <pre>{@code
 * try (Platform platform = Platform.builder().home(tmp).root(checkout).portBase(0).build()) {
 *     platform.startInfra();
 *     platform.startServices();
 *     URI ingest = platform.url(Service.INGEST);
 * }
 * }</pre>
 */
public final class Platform implements AutoCloseable {
    /** Lines of a service log shown when it fails. */
    public static final int LOG_TAIL_LINES = 40;

    private final Path home;
    private final Path root;
    private final int portBase;
    private final LocalInfra.InfraPorts infraPorts;
    private final Duration readyTimeout;
    private final List<String> jvmOptions;
    private final boolean detached;
    private final Consumer<String> progress;
    private final KeyPair keyPair;
    private final DevTokenIssuer tokens;
    private final String inferenceModels;
    private final Path dataDir;
    private final StartListener onStarted;
    private final Readiness readiness = new Readiness();
    private final Map<Service, ManagedProcess> processes = new EnumMap<>(Service.class);
    private final Map<Service, Integer> ports = new EnumMap<>(Service.class);

    private LocalInfra localInfra;
    private InfraEndpoints infra;

    private Platform(Builder builder) {
        this.home = builder.home.toAbsolutePath().normalize();
        this.root = builder.root.toAbsolutePath().normalize();
        this.portBase = builder.portBase;
        this.infraPorts = builder.infraPorts;
        this.readyTimeout = builder.readyTimeout;
        this.jvmOptions = builder.jvmOptions == null ? null : List.copyOf(builder.jvmOptions);
        this.detached = builder.detached;
        this.progress = builder.progress;
        this.keyPair = builder.keyPair != null ? builder.keyPair : DevKeys.generate();
        this.tokens = DevTokenIssuer.of(keyPair);
        this.inferenceModels = builder.inferenceModels;
        this.dataDir = (builder.dataDir != null ? builder.dataDir : builder.home.resolve("data")).toAbsolutePath().normalize();
        this.onStarted = builder.onStarted;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts Kafka, PostgreSQL (with the service databases) and MQTT inside this JVM, under the data folder. */
    public synchronized InfraEndpoints startInfra() {
        if (infra != null) {
            throw new IllegalStateException("infrastructure already started");
        }
        localInfra = LocalInfra.start(dataDir, infraPorts, progress);
        infra = localInfra.endpoints();
        return infra;
    }

    /** Uses infrastructure that is already running elsewhere (the detached {@code infra} process of {@code up}). */
    public void attachInfra(InfraEndpoints endpoints) {
        if (infra != null) {
            throw new IllegalStateException("infrastructure already set");
        }
        infra = Objects.requireNonNull(endpoints);
    }

    /**
     * Starts the six services as separate processes, then waits for each one's {@code /q/health/ready}.
     * If one dies or is not ready in time, every service started is stopped and a {@link PlatformException}
     * names it with the tail of its log.
     */
    public synchronized void startServices() {
        if (infra == null) {
            throw new IllegalStateException("start or attach the infrastructure first");
        }
        for (Service service : Service.values()) {
            if (!Files.isRegularFile(service.runJar(root))) {
                throw new PlatformException(service.module() + " is not built: " + service.runJar(root)
                    + " is missing (run ./mvnw -B -DskipTests install in " + root + ")");
            }
        }
        assignPorts();
        TrainingTokens trainingTokens = new TrainingTokens(
            tokens.token("training-service", Duration.ofDays(30), "writer"),
            tokens.token("training-service", Duration.ofDays(30), "reader"));
        try {
            for (Service service : Service.values()) {
                Map<String, String> env = serviceEnvironment(service, ports, infra, tokens.publicKeyBase64(),
                    trainingTokens, dataDir, inferenceModels);
                List<String> command = new ArrayList<>();
                command.add(javaBinary());
                command.addAll(jvmOptions != null ? jvmOptions : defaultJvmOptions(service));
                command.add("-jar");
                command.add(service.runJar(root).toString());
                ManagedProcess process = ManagedProcess.start(service.module(), command, env,
                    root.resolve(service.module()), logFile(service), detached);
                processes.put(service, process);
                onStarted.started(service, process, url(service));
                progress.accept("started " + service.module() + " (pid " + process.pid() + ", port "
                    + ports.get(service) + ", log " + home.relativize(logFile(service)) + ")");
            }
            long deadline = System.nanoTime() + readyTimeout.toNanos();
            for (Service service : Service.values()) {
                awaitReady(service, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
            }
        } catch (RuntimeException e) {
            stopServices();
            throw e;
        }
    }

    private void awaitReady(Service service, Duration timeout) {
        ManagedProcess process = processes.get(service);
        long started = System.nanoTime();
        Readiness.Outcome outcome = readiness.await(url(service).resolve("/q/health/ready"), timeout, process::isAlive);
        switch (outcome) {
            case READY -> progress.accept(String.format(java.util.Locale.ROOT, "%s ready on %s (%.1f s)",
                service.module(), url(service), (System.nanoTime() - started) / 1e9));
            case DIED -> throw new PlatformException(service.module() + " exited"
                + process.exitCode().map(c -> " with code " + c).orElse("") + " before it was ready; last lines of "
                + process.logFile() + ":" + System.lineSeparator() + process.logTail(LOG_TAIL_LINES));
            case TIMED_OUT -> throw new PlatformException(service.module() + " was not ready within "
                + readyTimeout.toSeconds() + " s (GET " + url(service) + "/q/health/ready); last lines of "
                + process.logFile() + ":" + System.lineSeparator() + process.logTail(LOG_TAIL_LINES));
            default -> throw new IllegalStateException(outcome.toString());
        }
    }

    private void assignPorts() {
        List<Integer> taken = new ArrayList<>();
        for (Service service : Service.values()) {
            int port;
            if (portBase > 0) {
                port = portBase + service.portOffset();
                if (FreePorts.inUse(port)) {
                    throw new PlatformException("port " + port + " for " + service.module()
                        + " is in use; is another instance running? choose another --port-base");
                }
            } else {
                do {
                    port = FreePorts.find();
                } while (taken.contains(port));
            }
            taken.add(port);
            ports.put(service, port);
        }
    }

    /**
     * The bearer tokens training-service sends to its neighbours, each with the least role the calls need.
     *
     * @param registry role writer: model-registry's CreateModelVersion
     * @param ingest role reader: ingest-service's GetDataset and ReadRecords
     */
    record TrainingTokens(String registry, String ingest) {
    }

    /**
     * The environment a service process gets on top of the launcher's own: ports, broker and database
     * addresses, the JWT verification key and its neighbours' gRPC addresses. Secrets only travel here.
     */
    static Map<String, String> serviceEnvironment(Service service, Map<Service, Integer> ports, InfraEndpoints infra,
                                                  String publicKeyBase64, TrainingTokens trainingTokens, Path dataDir,
                                                  String inferenceModels) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(ports.get(service)));
        env.put("KAFKA_BOOTSTRAP_SERVERS", infra.kafkaBootstrapServers());
        service.database().ifPresent(db -> {
            env.put("QUARKUS_DATASOURCE_JDBC_URL", infra.jdbcUrl(db));
            env.put("QUARKUS_DATASOURCE_USERNAME", infra.dbUser());
            env.put("QUARKUS_DATASOURCE_PASSWORD", LocalInfra.databasePassword());
        });
        env.put("MP_JWT_VERIFY_PUBLICKEY", publicKeyBase64);
        env.put("MP_JWT_VERIFY_ISSUER", DevTokenIssuer.ISSUER);
        env.put("QUARKUS_GRPC_CLIENTS_INGEST_HOST", InfraEndpoints.HOST);
        env.put("QUARKUS_GRPC_CLIENTS_INGEST_PORT", Integer.toString(ports.get(Service.INGEST)));
        env.put("QUARKUS_GRPC_CLIENTS_FEATURES_HOST", InfraEndpoints.HOST);
        env.put("QUARKUS_GRPC_CLIENTS_FEATURES_PORT", Integer.toString(ports.get(Service.FEATURES)));
        env.put("QUARKUS_GRPC_CLIENTS_REGISTRY_HOST", InfraEndpoints.HOST);
        env.put("QUARKUS_GRPC_CLIENTS_REGISTRY_PORT", Integer.toString(ports.get(Service.REGISTRY)));
        switch (service) {
            case TRAINING -> {
                env.put("MERIDIAN_TRAINING_REGISTRY_TOKEN", trainingTokens.registry());
                env.put("MERIDIAN_TRAINING_INGEST_TOKEN", trainingTokens.ingest());
            }
            case REGISTRY -> env.put("MERIDIAN_REGISTRY_ARTIFACT_DIR", dataDir.resolve("artifacts").toString());
            case INFERENCE -> {
                env.put("MERIDIAN_INFERENCE_MODELS", inferenceModels);
                env.put("MERIDIAN_INFERENCE_CACHE_DIR", dataDir.resolve("inference-cache").toString());
            }
            default -> {
                // no service-specific settings
            }
        }
        return env;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    public Path logFile(Service service) {
        return home.resolve("logs").resolve(service.module() + ".log");
    }

    /** The last lines of a service's log (for error messages). */
    public String logTail(Service service, int lines) {
        return ManagedProcess.tail(logFile(service), lines);
    }

    public URI url(Service service) {
        Integer port = ports.get(service);
        if (port == null) {
            throw new IllegalStateException(service.module() + " has no port yet");
        }
        return URI.create("http://" + InfraEndpoints.HOST + ":" + port);
    }

    public int port(Service service) {
        return url(service).getPort();
    }

    public Map<Service, ManagedProcess> processes() {
        return Map.copyOf(processes);
    }

    public InfraEndpoints infra() {
        return infra;
    }

    public Path home() {
        return home;
    }

    public Path dataDir() {
        return dataDir;
    }

    public Path root() {
        return root;
    }

    /** Signs tokens the services accept. */
    public DevTokenIssuer tokens() {
        return tokens;
    }

    public KeyPair keyPair() {
        return keyPair;
    }

    /** A token with role {@code writer} (which may also read ingest-service's data), valid for a few hours. */
    public String writerToken() {
        return tokens.token("meridian-cli", Duration.ofHours(12), "writer");
    }

    /** Stops every service this platform started (in reverse order), gracefully then forcibly. */
    public synchronized void stopServices() {
        List<Service> order = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(order);
        // ask all to stop at once, then wait: stopping six JVMs one after the other would be slow
        order.forEach(s -> processes.get(s).requestStop());
        order.forEach(s -> processes.get(s).stop(ManagedProcess.GRACE));
        processes.clear();
    }

    /** Services first, then the infrastructure if it runs in this JVM. */
    @Override
    public synchronized void close() {
        try {
            stopServices();
        } finally {
            if (localInfra != null) {
                localInfra.close();
                localInfra = null;
            }
        }
    }

    /** Settings of a {@link Platform}. */
    public static final class Builder {
        private Path home = Path.of(".meridian");
        private Path root = Path.of(".");
        private int portBase = Service.DEFAULT_PORT_BASE;
        private LocalInfra.InfraPorts infraPorts = LocalInfra.InfraPorts.defaults();
        private Duration readyTimeout = Duration.ofSeconds(300);
        /** Null: {@link #defaultJvmOptions(Service)} for each service. */
        private List<String> jvmOptions;
        private boolean detached;
        private Consumer<String> progress = line -> { };
        private KeyPair keyPair;
        private String inferenceModels = "churn";
        private Path dataDir;
        private StartListener onStarted = (service, process, url) -> { };

        /** Where the embedded infrastructure and artifacts keep data (default {@code home/data}). */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /** Called right after each service process is spawned, before it is ready (to record its pid). */
        public Builder onStarted(StartListener value) {
            this.onStarted = value;
            return this;
        }

        /** Instance folder: logs, data, state. */
        public Builder home(Path value) {
            this.home = value;
            return this;
        }

        /** Checkout root holding {@code <module>/target/quarkus-app}. */
        public Builder root(Path value) {
            this.root = value;
            return this;
        }

        /** HTTP port of ingest-service; the others follow. 0 = any free ports. */
        public Builder portBase(int value) {
            this.portBase = value;
            return this;
        }

        public Builder infraPorts(LocalInfra.InfraPorts value) {
            this.infraPorts = value;
            return this;
        }

        /** How long all six services together may take to become ready. */
        public Builder readyTimeout(Duration value) {
            this.readyTimeout = value;
            return this;
        }

        /** The same JVM options for every service (instead of each one's defaults). */
        public Builder jvmOptions(List<String> value) {
            this.jvmOptions = value;
            return this;
        }

        /** Run services in sessions of their own so they outlive this JVM ({@code up}). */
        public Builder detached(boolean value) {
            this.detached = value;
            return this;
        }

        /** Receives one human-readable line per start/stop event. */
        public Builder progress(Consumer<String> value) {
            this.progress = value;
            return this;
        }

        /** The JWT key pair (default: a fresh one). */
        public Builder keyPair(KeyPair value) {
            this.keyPair = value;
            return this;
        }

        /** Comma-separated models inference-service serves (by alias production). */
        public Builder inferenceModels(String value) {
            this.inferenceModels = value;
            return this;
        }

        public Platform build() {
            return new Platform(this);
        }
    }

    /** Told about each service process as soon as it is spawned. */
    @FunctionalInterface
    public interface StartListener {
        void started(Service service, ManagedProcess process, URI url);
    }

    /**
     * JVM options of a service; {@code MERIDIAN_JVM_OPTS} replaces them for all. Small heaps and quick start-up
     * (C1 only), except ingest-service: it streams every record of every upload through validation, PostgreSQL and
     * Kafka, so it gets the optimising compiler and the throughput collector with room for its in-flight batches
     * (same 512 MB ceiling; see bench/README.md for what each choice measured).
     */
    public static List<String> defaultJvmOptions(Service service) {
        String custom = System.getenv("MERIDIAN_JVM_OPTS");
        if (custom != null && !custom.isBlank()) {
            return List.of(custom.trim().split("\\s+"));
        }
        if (service == Service.INGEST) {
            return INGEST_JVM_OPTIONS;
        }
        return List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    }

    /** ingest-service's JVM options when {@code MERIDIAN_JVM_OPTS} is not set. */
    public static final List<String> INGEST_JVM_OPTIONS = List.of("-Xms256m", "-Xmx512m", "-XX:+UseParallelGC");
}
