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

    /**
     * CPU seconds used so far by one process, by the benchmark's PostgreSQL, by this JVM (the embedded Kafka broker and
     * the HTTP client) and by the whole machine (busy and total core-seconds from /proc/stat), Linux only: taken
     * before and after a measurement they show where the cores went, and whether something else was using them.
     */
    record Cpu(double service, double postgres, double self, double machineBusy, double machineTotal) {
        /**
         * @param postgresData the data folder of the benchmark's PostgreSQL: its postmaster and that one's children
         *                     are counted, not other PostgreSQL servers on the machine
         */
        static Cpu now(long servicePid, Path postgresData) {
            double tick = 100.0; // USER_HZ on Linux
            double pg = 0;
            try (var procs = Files.list(Path.of("/proc"))) {
                List<Path> all = procs.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .toList();
                String marker = postgresData.toAbsolutePath().normalize().toString();
                String postmaster = null;
                for (Path proc : all) {
                    if ("postgres".equals(comm(proc)) && cmdline(proc).contains(marker)) {
                        postmaster = proc.getFileName().toString();
                        pg += ticks(proc) / tick;
                    }
                }
                for (Path proc : all) {
                    if (postmaster != null && postmaster.equals(parent(proc))) {
                        pg += ticks(proc) / tick;
                    }
                }
            } catch (IOException | UncheckedIOException e) {
                pg = Double.NaN;
            }
            double busy = Double.NaN;
            double total = Double.NaN;
            try {
                String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                double sum = 0;
                for (int i = 1; i < cpu.length; i++) {
                    sum += Double.parseDouble(cpu[i]);
                }
                double idle = Double.parseDouble(cpu[4]) + Double.parseDouble(cpu[5]);
                busy = (sum - idle) / tick;
                total = sum / tick;
            } catch (IOException | RuntimeException e) {
                // leave NaN
            }
            return new Cpu(ticks(Path.of("/proc", Long.toString(servicePid))) / tick, pg,
                ticks(Path.of("/proc", Long.toString(ProcessHandle.current().pid()))) / tick, busy, total);
        }

        Cpu minus(Cpu before) {
            return new Cpu(service - before.service, postgres - before.postgres, self - before.self,
                machineBusy - before.machineBusy, machineTotal - before.machineTotal);
        }

        private static String cmdline(Path proc) {
            try {
                return new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
            } catch (IOException | UncheckedIOException e) {
                return "";
            }
        }

        /** The parent pid (field 4 of /proc/pid/stat). */
        private static String parent(Path proc) {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1];
            } catch (IOException | RuntimeException e) {
                return "";
            }
        }

        private static String comm(Path proc) {
            try {
                return Files.readString(proc.resolve("comm")).trim();
            } catch (IOException | UncheckedIOException e) {
                return "";
            }
        }

        /** utime + stime of a process (fields 14 and 15 of /proc/pid/stat), 0 when it is gone. */
        private static double ticks(Path proc) {
            try {
                String stat = Files.readString(proc.resolve("stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
            } catch (IOException | RuntimeException e) {
                return 0;
            }
        }
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
