package io.meridian.ingest.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads its source ahead, on a thread of its own, into a queue of at most {@code maxBytes}, so the thread that
 * parses the input finds the next bytes waiting instead of asking for them when it needs them.
 *
 * <p>Why: an upload's body arrives through RESTEasy Reactive's blocking stream, which asks Vert.x for one more
 * network buffer only when the previous one is used up, and then waits for the event loop to hand it over. In the
 * 1M-row benchmark the parsing thread spent about two fifths of its time in that wait (async-profiler, wall clock):
 * on two busy cores the hand-over waits for a core every time. Read ahead, the wait overlaps the parsing. Whatever
 * wraps the source (the run's byte count and SHA-256) also runs on the read-ahead thread, off the parsing thread.
 *
 * <p>A read error of the source is thrown to the reader when it reaches that point of the input. {@link #close()}
 * stops the read-ahead (interrupting a blocked read) and the read-ahead thread closes the source; the source is
 * only ever used by that thread.
 */
public final class ReadAheadInputStream extends InputStream {
    /** Bytes read from the source at a time. */
    static final int READ_BYTES = 64 * 1024;
    /** Bytes held ahead of the reader by default. */
    public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService READERS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "read-ahead-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });

    /** One piece of input, the end of the input ({@code data == null, error == null}) or a read error. */
    private record Chunk(byte[] data, Throwable error) {
    }

    private static final Chunk END = new Chunk(null, null);

    private final InputStream source;
    private final LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
    /** Bytes that may still be queued: taken by the read-ahead thread, given back as the reader uses them up. */
    private final Semaphore room;
    private final Future<?> task;
    private byte[] current;
    private int pos;
    private boolean ended;
    /** The source's read error, thrown again by every read after it. */
    private Throwable failure;
    private volatile boolean closed;

    /** Reads {@code source} ahead, holding at most {@value #DEFAULT_MAX_BYTES} bytes. */
    public ReadAheadInputStream(InputStream source) {
        this(source, DEFAULT_MAX_BYTES);
    }

    ReadAheadInputStream(InputStream source, int maxBytes) {
        if (maxBytes < READ_BYTES) {
            throw new IllegalArgumentException("maxBytes must be at least " + READ_BYTES);
        }
        this.source = source;
        this.room = new Semaphore(maxBytes);
        this.task = READERS.submit(this::readAhead);
    }

    private void readAhead() {
        try (source) {
            byte[] buffer = new byte[READ_BYTES];
            while (!closed) {
                int n = source.read(buffer, 0, buffer.length);
                if (n < 0) {
                    queue.add(END);
                    return;
                }
                if (n > 0) {
                    room.acquire(n);
                    queue.add(new Chunk(Arrays.copyOf(buffer, n), null));
                }
            }
        } catch (InterruptedException | InterruptedIOException e) {
            if (!closed) {
                // not the reader closing (e.g. a socket read timeout, an InterruptedIOException): it must hear of it
                queue.add(new Chunk(null, e));
            }
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            queue.add(new Chunk(null, e));
        }
    }

    @Override
    public int read() throws IOException {
        if (!next()) {
            return -1;
        }
        int b = current[pos++] & 0xFF;
        used();
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!next()) {
            return -1;
        }
        int n = Math.min(len, current.length - pos);
        System.arraycopy(current, pos, b, off, n);
        pos += n;
        used();
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.length - pos;
    }

    /** Stops reading ahead; the read-ahead thread closes the source. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            task.cancel(true);
            current = null;
            ended = true;
        }
    }

    /** Whether a chunk with bytes left is at hand; waits for the next one when not. */
    private boolean next() throws IOException {
        if (current != null) {
            return true;
        }
        if (failure != null) {
            throw rethrow(failure);
        }
        if (ended) {
            return false;
        }
        Chunk chunk;
        try {
            chunk = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for input");
        }
        if (chunk.data() != null) {
            current = chunk.data();
            pos = 0;
            return true;
        }
        ended = true;
        if (chunk.error() == null) {
            return false;
        }
        failure = chunk.error();
        throw rethrow(failure);
    }

    /** The source's error as this stream's: an I/O error as it was, anything else unchecked as it was. */
    private static IOException rethrow(Throwable error) {
        if (error instanceof IOException io) {
            return io;
        }
        if (error instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        if (error instanceof RuntimeException runtime) {
            throw runtime;
        }
        return new IOException(error.getMessage(), error);
    }

    /** Gives a used-up chunk's room back to the read-ahead. */
    private void used() {
        if (pos == current.length) {
            room.release(current.length);
            current = null;
        }
    }
}
