package io.meridian.ingest.source;

import java.time.Instant;
import java.util.function.Function;

import org.jboss.logging.Logger;

/**
 * Runs one source on its own thread of the sources' executor: open the connector, poll, wait, repeat. A failed
 * attempt (database down, HTTP errors after retries, broker unreachable, our own store unavailable) fails the
 * open run, shows the error on the source (scrubbed of secrets), closes the connector and retries after an
 * exponential backoff ({@code retryBackoffMs} doubling up to {@code maxBackoffMs}). Stopping is cooperative:
 * the current poll finishes (or is woken up), nothing is interrupted half-stored, and a streaming source's open run
 * is closed.
 */
final class SourceWorker implements Runnable {
    private static final Logger LOG = Logger.getLogger(SourceWorker.class);

    private final SourceContext context;
    private final Function<SourceContext, Connector> opener;
    private final SourceRepository repository;
    private final SourceMetrics metrics;
    private final long initialBackoff;
    private final long maxBackoff;
    private final Object lock = new Object();
    private volatile boolean stopping;
    private volatile Connector connector;

    SourceWorker(SourceContext context, Function<SourceContext, Connector> opener, SourceRepository repository,
        SourceMetrics metrics) {
        this.context = context;
        this.opener = opener;
        this.repository = repository;
        this.metrics = metrics;
        SourceConfig config = context.config();
        this.initialBackoff = config.number("retryBackoffMs", 1000, 1, 3_600_000);
        this.maxBackoff = config.number("maxBackoffMs", 60_000, 1, 86_400_000);
    }

    String name() {
        return context.source().name();
    }

    @Override
    public void run() {
        String name = name();
        LOG.infof("source started: source=%s type=%s dataset=%s", name, context.source().type(),
            context.source().dataset());
        int failures = 0;
        while (!stopping) {
            try {
                if (connector == null) {
                    connector = opener.apply(context);
                }
                boolean more = connector.poll(context);
                failures = 0;
                if (!more) {
                    pause(connector.idleMillis());
                }
            } catch (Throwable e) {
                context.failOpenRun(e);
                closeConnector();
                if (stopping) {
                    break;
                }
                failures++;
                String message = context.secrets().scrub(describe(e));
                long wait = Math.min(maxBackoff, initialBackoff << Math.min(failures - 1, 20));
                LOG.warnf("source attempt failed: source=%s attempt=%d retryInMs=%d error=%s", name, failures, wait,
                    message);
                metrics.error(context.source().dataset(), name);
                try {
                    repository.recordError(name, message, Instant.now());
                } catch (RuntimeException storeDown) {
                    LOG.warnf("could not record the error of source %s: %s", name, storeDown.getMessage());
                }
                pause(wait);
            }
        }
        closeStreamingRun();
        closeConnector();
        LOG.infof("source stopped: source=%s", name);
    }

    /**
     * A streaming source's run stays open between polls (everything in it checkpointed and acknowledged): stopping
     * or pausing closes it, so its summary, lineage and counts are recorded before the connection closes.
     */
    private void closeStreamingRun() {
        try {
            context.closeRun();
        } catch (RuntimeException e) {
            LOG.warnf("source %s: could not finish its open run on stop: %s", name(),
                context.secrets().scrub(describe(e)));
            context.failOpenRun(e);
        }
    }

    /** Asks the worker to stop after its current poll. */
    void stop() {
        stopping = true;
        Connector c = connector;
        if (c != null) {
            c.wakeup();
        }
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    private void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        long until = System.currentTimeMillis() + millis;
        synchronized (lock) {
            long left;
            while (!stopping && (left = until - System.currentTimeMillis()) > 0) {
                try {
                    lock.wait(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
        }
    }

    private void closeConnector() {
        Connector c = connector;
        connector = null;
        if (c != null) {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing source %s: %s", name(), e.getMessage());
            }
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        Throwable cause = e.getCause();
        int depth = 0;
        while (cause != null && depth++ < 3) {
            if (cause.getMessage() != null && !text.toString().contains(cause.getMessage())) {
                text.append(": ").append(cause.getMessage());
            }
            cause = cause.getCause();
        }
        String s = text.toString();
        return s.length() > 1000 ? s.substring(0, 1000) + "..." : s;
    }
}
