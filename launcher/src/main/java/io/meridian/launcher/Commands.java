package io.meridian.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import io.meridian.embedded.DevTokenIssuer;
import io.meridian.embedded.FreePorts;

/** The CLI commands; each returns the process exit code. */
final class Commands {
    static final String INFRA_FILE = "infra.json";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private final CliArgs cli;
    private final Path root;
    private final Path home;
    private final PrintStream out;
    private final PrintStream err;

    Commands(CliArgs cli, Path root, PrintStream out, PrintStream err) {
        this.cli = cli;
        this.root = root;
        this.home = cli.home().toAbsolutePath().normalize();
        this.out = out;
        this.err = err;
    }

    // ---- demo ---------------------------------------------------------------------------------

    int demo() {
        refuseIfRunning("demo");
        return underLock(this::runDemo);
    }

    private int runDemo() {
        Path logs = home.resolve("logs");
        LauncherLogging.toFile(logs.resolve("infra.log"));
        Path dataDir = home.resolve("demo-data");
        deleteRecursively(dataDir); // every demo starts from empty stores
        out.println("Meridian demo (home " + home + ")");
        Platform platform = Platform.builder().home(home).root(root).dataDir(dataDir).portBase(cli.portBase())
            .infraPorts(cli.infraPorts()).readyTimeout(cli.timeout()).progress(line -> out.println("  " + line))
            .build();
        Thread stopOnInterrupt = new Thread(platform::close, "meridian-demo-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        int exit;
        try {
            out.println("starting infrastructure (log " + home.relativize(logs.resolve("infra.log")) + ")");
            platform.startInfra();
            out.println("starting services from " + root);
            platform.startServices();
            out.println("walking the loop");
            Demo.Result result = new Demo(platform, out, root.resolve("samples"), cli.timeout()).run();
            out.printf(java.util.Locale.ROOT, "demo complete: %d rows -> %s v%d (accuracy %.3f, roc_auc %.3f)"
                    + " -> %d predictions counted by the monitor%n", result.rowsStored(), Demo.MODEL,
                result.modelVersion(), result.accuracy(), result.rocAuc(), (long) result.counted());
            exit = 0;
        } catch (Demo.StepFailed e) {
            err.println("demo FAILED at step " + e.step() + ": " + e.getMessage());
            err.println("last lines of " + platform.logFile(e.service()) + ":");
            err.println(platform.logTail(e.service(), Platform.LOG_TAIL_LINES));
            exit = 1;
        } catch (PlatformException e) {
            err.println("demo FAILED: " + e.getMessage());
            exit = 1;
        } finally {
            out.println("stopping services and infrastructure");
            platform.close();
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
        }
        return exit;
    }

    // ---- up / infra ----------------------------------------------------------------------------

    int up() {
        return underLock(this::upUnderLock);
    }

    private int upUnderLock() {
        Optional<InstanceState> existing = InstanceState.read(home);
        if (existing.isPresent() && existing.get().anyAlive()) {
            out.println("Meridian is already running in " + home + " (started " + existing.get().startedAt()
                + "); see ./meridian status, or ./meridian down to stop it");
            printStatus(existing.get());
            return 0;
        }
        if (existing.isPresent()) {
            out.println("removing stale state of a stopped instance in " + home);
            InstanceState.delete(home);
        }
        return startDetached();
    }

    private int startDetached() {
        if (cli.portBase() > 0) {
            for (Service service : Service.values()) {
                int port = cli.portBase() + service.portOffset();
                if (FreePorts.inUse(port)) {
                    throw new PlatformException("port " + port + " (" + service.module() + ") is in use; another"
                        + " instance may be running: use another --port-base and --home");
                }
            }
        }
        KeyPair keyPair = DevKeys.generate();
        DevKeys.save(home, keyPair);
        Path infraFile = home.resolve(INFRA_FILE);
        deleteQuietly(infraFile);
        LocalInfra.InfraPorts ports = new LocalInfra.InfraPorts(FreePorts.preferOrFind(cli.kafkaPort()),
            FreePorts.preferOrFind(cli.postgresPort()), FreePorts.preferOrFind(cli.mqttPort()));
        InstanceState[] state = {new InstanceState(home.toString(), Instant.now(), null, null, List.of())};

        List<String> command = new ArrayList<>(List.of(Platform.javaBinary(), "-Xmx768m",
            "-Djava.util.logging.manager=org.jboss.logmanager.LogManager",
            "-cp", System.getProperty("java.class.path"), Main.class.getName(), "infra",
            "--home", home.toString(), "--kafka-port", Integer.toString(ports.kafka()),
            "--postgres-port", Integer.toString(ports.postgres()), "--mqtt-port", Integer.toString(ports.mqtt())));
        out.println("starting infrastructure in the background (log " + home.resolve("logs").resolve("infra.log") + ")");
        ManagedProcess infra = ManagedProcess.start("infra", command, java.util.Map.of(), home,
            home.resolve("logs").resolve("infra.log"), true);
        state[0] = state[0].withInfra(InstanceState.Component.of(infra, 0, ""), null);
        state[0].write(home);
        try {
            InfraEndpoints endpoints = awaitInfraFile(infraFile, infra);
            state[0] = state[0].withInfra(state[0].infra(), endpoints);
            state[0].write(home);
            out.println("  Kafka " + endpoints.kafkaBootstrapServers() + ", PostgreSQL " + endpoints.postgresPort()
                + ", MQTT " + endpoints.mqttUrl());
            Platform platform = Platform.builder().home(home).root(root).portBase(cli.portBase())
                .readyTimeout(cli.timeout()).keyPair(keyPair).detached(true)
                .progress(line -> out.println("  " + line))
                .onStarted((service, process, url) -> {
                    state[0] = state[0].withService(InstanceState.Component.of(process, url.getPort(), url.toString()));
                    state[0].write(home);
                })
                .build();
            platform.attachInfra(endpoints);
            out.println("starting services from " + root);
            platform.startServices();
        } catch (RuntimeException e) {
            err.println("meridian up: " + e.getMessage());
            err.println("stopping what was started");
            stopAll(state[0]);
            return 1;
        }
        out.println();
        out.println("Meridian is up (home " + home + "):");
        printStatus(state[0]);
        out.println();
        out.println("Writes, and reads of ingest-service's data, need a token:  TOKEN=$(./meridian token"
            + (home.equals(Path.of(".meridian").toAbsolutePath()) ? "" : " --home " + home) + ")");
        out.println("  curl -H \"Authorization: Bearer $TOKEN\" -X PUT -H 'Content-Type: application/json' \\");
        out.println("       --data @samples/churn.contract.json " + urlOf(state[0], Service.INGEST) + "/v1/datasets/churn");
        out.println("Stop with ./meridian down; logs in " + home.resolve("logs"));
        return 0;
    }

    private InfraEndpoints awaitInfraFile(Path infraFile, ManagedProcess infra) {
        long deadline = System.nanoTime() + cli.timeout().toNanos();
        while (!Files.isRegularFile(infraFile)) {
            if (!infra.isAlive()) {
                throw new PlatformException("the infrastructure process exited before it was ready; last lines of "
                    + infra.logFile() + ":" + System.lineSeparator() + infra.logTail(Platform.LOG_TAIL_LINES));
            }
            if (System.nanoTime() > deadline) {
                throw new PlatformException("the infrastructure was not ready within " + cli.timeout().toSeconds()
                    + " s; last lines of " + infra.logFile() + ":" + System.lineSeparator()
                    + infra.logTail(Platform.LOG_TAIL_LINES));
            }
            Readiness.pause();
        }
        try {
            return JSON.readValue(infraFile.toFile(), InfraEndpoints.class);
        } catch (IOException e) {
            throw new PlatformException("cannot read " + infraFile + ": " + e.getMessage(), e);
        }
    }

    /** Internal: the detached infrastructure process of {@code up}. Runs until SIGTERM. */
    int infra() {
        LauncherLogging.toConsole();
        Path infraFile = home.resolve(INFRA_FILE);
        LocalInfra infra = LocalInfra.start(home.resolve("data"), cli.infraPorts(), line -> out.println(line));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("stopping infrastructure");
            deleteQuietly(infraFile);
            infra.close();
            out.println("infrastructure stopped");
            stopped.countDown();
        }, "meridian-infra-stop"));
        try {
            Path tmp = Files.createTempFile(home, "infra", ".json.tmp");
            JSON.writeValue(tmp.toFile(), infra.endpoints());
            Files.move(tmp, infraFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + infraFile, e);
        }
        out.println("infrastructure ready");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    // ---- down / status / token -----------------------------------------------------------------

    int down() {
        Optional<InstanceState> state = InstanceState.read(home);
        if (state.isEmpty()) {
            out.println("nothing to stop: no instance state in " + home);
            return 0;
        }
        stopAll(state.get());
        out.println("Meridian in " + home + " is stopped");
        return 0;
    }

    private void stopAll(InstanceState state) {
        List<ManagedProcess> services = new ArrayList<>();
        for (InstanceState.Component component : state.services()) {
            component.process().ifPresent(services::add);
        }
        services.forEach(p -> out.println("stopping " + p.name() + " (pid " + p.pid() + ")"));
        services.forEach(ManagedProcess::requestStop);
        for (ManagedProcess p : services) {
            if (!p.stop(ManagedProcess.GRACE)) {
                out.println("  " + p.name() + " did not stop within " + ManagedProcess.GRACE.toSeconds() + " s: killed");
            }
        }
        if (state.infra() != null) {
            state.infra().process().ifPresent(p -> {
                out.println("stopping infrastructure (pid " + p.pid() + ")");
                if (!p.stop(Duration.ofSeconds(60))) {
                    out.println("  infrastructure did not stop within 60 s: killed");
                }
            });
        }
        InstanceState.delete(home);
        deleteQuietly(home.resolve(INFRA_FILE));
    }

    int status() {
        Optional<InstanceState> state = InstanceState.read(home);
        if (state.isEmpty()) {
            out.println("Meridian is not running in " + home + " (no state.json); start it with ./meridian up");
            return 3;
        }
        return printStatus(state.get()) ? 0 : 1;
    }

    /** Prints one line per component; returns whether all are up. */
    private boolean printStatus(InstanceState state) {
        Readiness readiness = new Readiness();
        boolean allUp = true;
        InstanceState.Component infra = state.infra();
        boolean infraUp = infra != null && infra.isAlive();
        allUp &= infraUp;
        InfraEndpoints ports = state.infraPorts();
        out.printf("  %-18s %-8s %s%n", "infrastructure", infraUp ? "up" : "down", ports == null ? ""
            : "kafka " + ports.kafkaBootstrapServers() + ", postgresql 127.0.0.1:" + ports.postgresPort()
            + ", mqtt " + ports.mqttUrl() + (infra == null ? "" : " (pid " + infra.pid() + ")"));
        for (Service service : Service.values()) {
            Optional<InstanceState.Component> component =
                state.services().stream().filter(c -> c.name().equals(service.module())).findFirst();
            String word;
            if (component.isEmpty() || !component.get().isAlive()) {
                word = "down";
            } else {
                word = readiness.isOk(java.net.URI.create(component.get().url() + "/q/health/ready")) ? "up" : "not ready";
            }
            allUp &= "up".equals(word);
            out.printf("  %-18s %-8s %s%n", service.module(), word,
                component.map(c -> c.url() + " (pid " + c.pid() + ", log " + c.log() + ")").orElse(""));
        }
        return allUp;
    }

    int token() {
        KeyPair keyPair = DevKeys.load(home).orElseThrow(() -> new PlatformException("no instance key in " + home
            + ": start the instance with ./meridian up first (or pass its --home)"));
        out.println(DevTokenIssuer.of(keyPair).token(cli.subject(), cli.ttl(), cli.roles().toArray(String[]::new)));
        return 0;
    }

    // ---- helpers -------------------------------------------------------------------------------

    private void refuseIfRunning(String what) {
        Optional<InstanceState> state = InstanceState.read(home);
        if (state.isPresent() && state.get().anyAlive()) {
            throw new PlatformException("an instance started by 'up' is running in " + home + "; stop it with"
                + " ./meridian down, or run the " + what + " with another --home and --port-base");
        }
    }

    /** Runs {@code body} holding {@code <home>/.lock}: one starting command at a time per home. */
    private int underLock(java.util.function.IntSupplier body) {
        HomeLock lock;
        try {
            lock = lockHome();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + home, e);
        }
        try {
            return body.getAsInt();
        } finally {
            try {
                lock.close();
            } catch (IOException e) {
                err.println("meridian: cannot release " + home.resolve(".lock") + ": " + e.getMessage());
            }
        }
    }

    private HomeLock lockHome() throws IOException {
        Files.createDirectories(home);
        FileChannel channel = FileChannel.open(home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new PlatformException("another meridian command is starting or running in " + home);
        }
        return new HomeLock(channel, lock);
    }

    /** Holds {@code <home>/.lock} until closed. */
    private record HomeLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private static String urlOf(InstanceState state, Service service) {
        return state.services().stream().filter(c -> c.name().equals(service.module())).map(InstanceState.Component::url)
            .findFirst().orElse("http://127.0.0.1:8081");
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // best effort
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(Commands::deleteQuietly);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
