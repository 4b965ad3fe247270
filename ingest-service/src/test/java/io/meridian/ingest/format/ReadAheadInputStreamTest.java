package io.meridian.ingest.format;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ReadAheadInputStreamTest {
    @Test
    void readsEveryByteInOrderWhateverTheReadSizes() throws IOException {
        byte[] data = new byte[3_000_000];
        new Random(1).nextBytes(data);
        Random sizes = new Random(2);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = new ReadAheadInputStream(new Dribble(data, new Random(3)), 256 * 1024)) {
            byte[] buffer = new byte[100_000];
            while (true) {
                if (sizes.nextInt(10) == 0) {
                    int b = in.read();
                    if (b < 0) {
                        break;
                    }
                    out.write(b);
                    continue;
                }
                int n = in.read(buffer, 7, 1 + sizes.nextInt(buffer.length - 7));
                if (n < 0) {
                    break;
                }
                out.write(buffer, 7, n);
            }
            assertEquals(-1, in.read(), "stays at the end");
            assertEquals(0, in.read(buffer, 0, 0));
        }
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void holdsAtMostItsLimitAheadOfTheReader() throws IOException {
        AtomicLong served = new AtomicLong();
        InputStream endless = source((b, off, len) -> {
            served.addAndGet(len);
            return len;
        });
        int limit = 512 * 1024;
        try (InputStream in = new ReadAheadInputStream(endless, limit)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> served.get() >= limit);
            long ahead = served.get();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> served.get() == ahead);
            assertTrue(ahead <= limit + ReadAheadInputStream.READ_BYTES, "read ahead " + ahead + " bytes");

            byte[] buffer = new byte[ReadAheadInputStream.READ_BYTES];
            int n = 0;
            while (n < buffer.length) {
                n += in.read(buffer, n, buffer.length - n);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> served.get() > ahead);
        }
    }

    @Test
    void aReadErrorReachesTheReaderAfterTheBytesBeforeIt() throws IOException {
        byte[] data = new byte[200_000];
        new Random(4).nextBytes(data);
        AtomicInteger pos = new AtomicInteger();
        InputStream failing = source((b, off, len) -> {
            if (pos.get() == data.length) {
                throw new IOException("connection reset by peer");
            }
            int n = Math.min(len, Math.min(10_000, data.length - pos.get()));
            System.arraycopy(data, pos.getAndAdd(n), b, off, n);
            return n;
        });
        try (InputStream in = new ReadAheadInputStream(failing)) {
            byte[] got = new byte[data.length];
            int n = 0;
            while (n < got.length) {
                n += in.read(got, n, got.length - n);
            }
            assertArrayEquals(data, got);
            IOException e = assertThrows(IOException.class, () -> in.read(new byte[10], 0, 10));
            assertEquals("connection reset by peer", e.getMessage());
            assertThrows(IOException.class, () -> in.read(), "no bytes after the error");
        }
    }

    @Test
    void aReadTimeoutOfTheSourceIsAnErrorNotAnEnd() {
        InputStream timingOut = source((b, off, len) -> {
            throw new java.net.SocketTimeoutException("Read timed out");
        });
        InputStream in = new ReadAheadInputStream(timingOut);
        // taken for the end (or for a close), the reader would wait for input forever
        IOException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
            () -> assertThrows(IOException.class, () -> in.read(new byte[8], 0, 8)));
        assertEquals("Read timed out", e.getMessage());
    }

    @Test
    void closingStopsABlockedReadAndClosesTheSource() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean sourceClosed = new AtomicBoolean();
        InputStream stalled = new FilterInputStream(source((b, off, len) -> {
            reading.countDown();
            try {
                never.await(); // blocked until the read-ahead thread is interrupted
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("interrupted");
            }
            return -1;
        })) {
            @Override
            public void close() {
                sourceClosed.set(true);
            }
        };
        InputStream in = new ReadAheadInputStream(stalled);
        assertTrue(reading.await(10, TimeUnit.SECONDS));

        in.close();

        await().atMost(Duration.ofSeconds(5)).untilTrue(sourceClosed);
        assertEquals(-1, in.read(), "a closed stream has nothing more");
    }

    /** What a test source does on a read into {@code b[off, off + len)}. */
    private interface Reads {
        int read(byte[] b, int off, int len) throws IOException;
    }

    /** A source whose reads {@code reads} answers (a one-byte read goes through it too). */
    private static InputStream source(Reads reads) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = reads.read(one, 0, 1);
                return n <= 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return reads.read(b, off, len);
            }
        };
    }

    /** Serves {@code data} in reads of random sizes, some of them empty. */
    private static final class Dribble extends InputStream {
        private final byte[] data;
        private final Random random;
        private int pos;

        Dribble(byte[] data, Random random) {
            this.data = data;
            this.random = random;
        }

        @Override
        public int read() {
            return pos < data.length ? data[pos++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, random.nextInt(20_000)), data.length - pos);
            System.arraycopy(data, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
