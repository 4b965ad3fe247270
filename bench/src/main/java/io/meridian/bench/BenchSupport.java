package io.meridian.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.FileHandler;

/** What the benchmarks share: options, the service's JVM options, /proc readings, logging, files. */
final class BenchSupport {
    private BenchSupport() {
    }

    /**
     * Parses {@code --key=value} arguments; prints the usage and exits with 2 on anything else or an unknown key.
     */
    static Map<String, String> options(String[] args, String usage, List<String> known) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            String key = arg.startsWith("--") && arg.contains("=") ? arg.substring(2, arg.indexOf('=')) : null;
            if (key == null || !known.contains(key)) {
                System.err.println((key == null ? "not an option: " : "unknown option --" + key + ": ") + arg);
                System.err.println("usage: " + usage);
                System.exit(2);
            }
            options.put(key, arg.substring(arg.indexOf('=') + 1));
        }
        return options;
    }

    /** Peak resident set size of a process in kB, from /proc (Linux). */
    static Optional<Long> vmHwmKb(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code MERIDIAN_BENCH_JVM_OPTS}, or the options the launcher gives ingest-service
     * ({@link io.meridian.launcher.Platform#INGEST_JVM_OPTIONS}): the benchmark measures the service as it is run.
     */
    static List<String> serviceJvmOptions() {
        String custom = System.getenv("MERIDIAN_BENCH_JVM_OPTS");
        if (custom != null && !custom.isBlank()) {
            return List.of(custom.trim().split("\\s+"));
        }
        return io.meridian.launcher.Platform.INGEST_JVM_OPTIONS;
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * The packaged ingest-service jar (or a hint how to build it), a fresh work folder with infrastructure logging
     * to {@code infra.log}, and a line about this machine.
     */
    static Path prepare(Path root, Path work, java.io.PrintStream out) throws IOException {
        Path jar = io.meridian.launcher.Service.INGEST.runJar(root);
        if (!java.nio.file.Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: build first with "
                + "./mvnw -B -Pbench -pl bench -am package -DskipTests (from the checkout root, or pass --root=)");
        }
        deleteRecursively(work.resolve("data"));
        java.nio.file.Files.createDirectories(work);
        logInfraTo(work.resolve("infra.log"));
        out.printf(java.util.Locale.ROOT, "machine: %d cores, java %s; work folder %s%n",
            Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), work);
        return jar;
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /**
     * Kafka, PostgreSQL and Moquette log through JBoss LogManager: to a file, so the terminal shows only the
     * results.
     */
    static void logInfraTo(Path file) throws IOException {
        FileHandler handler = new FileHandler(file.toFile(), false);
        handler.setFormatter(new PatternFormatter("%d{HH:mm:ss,SSS} %-5p [%c{1.}] (%t) %s%e%n"));
        handler.setLevel(Level.INFO);
        org.jboss.logmanager.Logger rootLogger = LogContext.getSystemLogContext().getLogger("");
        for (java.util.logging.Handler existing : rootLogger.getHandlers()) {
            rootLogger.removeHandler(existing);
        }
        rootLogger.setLevel(Level.INFO);
        rootLogger.addHandler(handler);
        LogContext.getSystemLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
        LogContext.getSystemLogContext().getLogger("kafka").setLevel(Level.WARNING);
    }
}
