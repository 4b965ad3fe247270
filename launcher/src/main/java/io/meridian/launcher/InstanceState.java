package io.meridian.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * What {@code meridian up} started, as {@code <home>/state.json}: process ids (with start times, so a reused
 * pid is not mistaken for ours), ports and log files. {@code down} and {@code status} read it.
 *
 * @param home      the instance folder
 * @param startedAt when {@code up} ran
 * @param infra     the detached infrastructure process, null until it is up
 * @param services  the service processes started so far
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record InstanceState(String home, Instant startedAt, Component infra, InfraEndpoints infraPorts,
                            List<Component> services) {
    public static final String FILE = "state.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
        .findAndAddModules()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .build();

    public InstanceState {
        services = services == null ? List.of() : List.copyOf(services);
    }

    /**
     * One process.
     *
     * @param name      {@code infra} or the service module name
     * @param pid       OS process id
     * @param startedAt the process start time reported by the OS, if known
     * @param port      the main port (HTTP for services), 0 for infra
     * @param url       base URL, empty for infra
     * @param log       log file
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Component(String name, long pid, Instant startedAt, int port, String url, String log) {
        static Component of(ManagedProcess process, int port, String url) {
            return new Component(process.name(), process.pid(), process.startInstant().orElse(null), port, url,
                process.logFile().toString());
        }

        /** The live process, if it is still the one that was recorded. */
        public Optional<ManagedProcess> process() {
            return ManagedProcess.adopt(name, pid, startedAt, log == null ? null : Path.of(log));
        }

        public boolean isAlive() {
            return process().isPresent();
        }
    }

    public InstanceState withInfra(Component component, InfraEndpoints ports) {
        return new InstanceState(home, startedAt, component, ports, services);
    }

    public InstanceState withService(Component component) {
        List<Component> all = new ArrayList<>(services);
        all.removeIf(c -> c.name().equals(component.name()));
        all.add(component);
        return new InstanceState(home, startedAt, infra, infraPorts, all);
    }

    /** Every recorded component, services first (the order to stop them in), infra last. */
    public List<Component> stopOrder() {
        List<Component> all = new ArrayList<>(services);
        java.util.Collections.reverse(all);
        if (infra != null) {
            all.add(infra);
        }
        return all;
    }

    /** Whether any recorded process is still running. */
    public boolean anyAlive() {
        return stopOrder().stream().anyMatch(Component::isAlive);
    }

    public static Path file(Path home) {
        return home.resolve(FILE);
    }

    public static Optional<InstanceState> read(Path home) {
        Path file = file(home);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), InstanceState.class));
        } catch (IOException e) {
            throw new PlatformException(file + " is not readable state (" + e.getMessage()
                + "); stop the processes by hand and delete it", e);
        }
    }

    /** Writes atomically (temp file + rename), so a crash never leaves half a file. */
    public void write(Path home) {
        Path file = file(home);
        try {
            Files.createDirectories(home);
            Path tmp = Files.createTempFile(home, "state", ".json.tmp");
            JSON.writeValue(tmp.toFile(), this);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void delete(Path home) {
        try {
            Files.deleteIfExists(file(home));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(home), e);
        }
    }
}
