package io.meridian.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A child process whose stdout and stderr go to one log file. Stopping sends SIGTERM, waits, then kills
 * the process and whatever it started (PostgreSQL under the infra process, for instance).
 */
public final class ManagedProcess {
    /** How long a graceful stop may take before the process is killed. */
    public static final Duration GRACE = Duration.ofSeconds(20);

    private final String name;
    private final ProcessHandle handle;
    private final Process process;
    private final Path logFile;

    private ManagedProcess(String name, ProcessHandle handle, Process process, Path logFile) {
        this.name = name;
        this.handle = handle;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} with {@code env} added to this process's environment. The log file is truncated.
     * Environment values never appear in any output of this class.
     *
     * @param detached run in a session of its own ({@code setsid}), so it outlives this JVM and the terminal
     */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env, Path workDir,
                                       Path logFile, boolean detached) {
        List<String> full = new ArrayList<>();
        if (detached && Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            full.add("/usr/bin/setsid");
        }
        full.addAll(command);
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(full)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            return new ManagedProcess(name, process.toHandle(), process, logFile);
        } catch (IOException e) {
            throw new PlatformException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Adopts a process started earlier (by another launcher run), if it is still the same process. */
    public static Optional<ManagedProcess> adopt(String name, long pid, Instant startedAt, Path logFile) {
        return ProcessHandle.of(pid)
            .filter(ProcessHandle::isAlive)
            .filter(h -> startedAt == null || h.info().startInstant().map(startedAt::equals).orElse(true))
            .map(h -> new ManagedProcess(name, h, null, logFile));
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    /** When the process started, as the OS reports it (used to recognise it again after a pid is reused). */
    public Optional<Instant> startInstant() {
        return handle.info().startInstant();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return handle.isAlive();
    }

    /** The exit code, if this JVM started the process and it has exited. */
    public Optional<Integer> exitCode() {
        if (process == null || process.isAlive()) {
            return Optional.empty();
        }
        return Optional.of(process.exitValue());
    }

    /** The last {@code lines} lines of the log, or a note that there is none. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The last {@code lines} lines of a text file, or a note that it cannot be read. */
    public static String tail(Path file, int lines) {
        if (file == null || !Files.isReadable(file)) {
            return "(no log at " + file + ")";
        }
        Deque<String> last = new ArrayDeque<>(lines);
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (last.size() == lines) {
                    last.removeFirst();
                }
                last.addLast(line);
            }
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
        return last.stream().map(l -> "    | " + l).collect(Collectors.joining(System.lineSeparator()));
    }

    /** Sends SIGTERM and returns at once. */
    public void requestStop() {
        if (handle.isAlive()) {
            handle.destroy();
        }
    }

    /**
     * SIGTERM, wait up to {@code grace}, then SIGKILL this process and every descendant still alive.
     *
     * @return true if the process ended within the grace period
     */
    public boolean stop(Duration grace) {
        List<ProcessHandle> descendants = handle.descendants().collect(Collectors.toList());
        boolean graceful = true;
        if (handle.isAlive()) {
            handle.destroy();
            graceful = waitFor(handle, grace);
            if (!graceful) {
                handle.destroyForcibly();
                waitFor(handle, Duration.ofSeconds(10));
            }
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                if (!waitFor(child, Duration.ofSeconds(5))) {
                    child.destroyForcibly();
                }
            }
        }
        return graceful;
    }

    private static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }
}
