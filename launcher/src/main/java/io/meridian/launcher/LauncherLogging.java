package io.meridian.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;

import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;
import org.jboss.logmanager.handlers.FileHandler;

/**
 * Where the launcher JVM's own log records go (Kafka, PostgreSQL and MQTT log through slf4j to JBoss LogManager):
 * a file, so the terminal shows only the launcher's plain progress lines.
 */
final class LauncherLogging {
    private static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss,SSS} %-5p [%c{1.}] (%t) %s%e%n";

    private LauncherLogging() {
    }

    /** Sends every record at INFO and above to {@code file} (appending). */
    static void toFile(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileHandler handler = new FileHandler(file.toFile(), true);
            install(handler);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot log to " + file, e);
        }
    }

    /** Sends every record at INFO and above to standard output (the detached infra process's log file). */
    static void toConsole() {
        install(new ConsoleHandler(ConsoleHandler.Target.SYSTEM_OUT));
    }

    private static void install(Handler handler) {
        handler.setFormatter(new PatternFormatter(PATTERN));
        handler.setLevel(Level.INFO);
        Logger root = LogContext.getSystemLogContext().getLogger("");
        for (Handler existing : root.getHandlers()) {
            root.removeHandler(existing);
        }
        root.setLevel(Level.INFO);
        root.addHandler(handler);
        // Kafka is chatty at INFO; its warnings are what an operator needs
        LogContext.getSystemLogContext().getLogger("org.apache.kafka").setLevel(Level.WARNING);
        LogContext.getSystemLogContext().getLogger("kafka").setLevel(Level.WARNING);
        LogContext.getSystemLogContext().getLogger("state.change.logger").setLevel(Level.WARNING);
    }
}
