package io.meridian.launcher;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits until an HTTP endpoint answers 200, giving up early when the process behind it has died. */
public final class Readiness {
    /** What happened while waiting. */
    public enum Outcome { READY, DIED, TIMED_OUT }

    private static final Duration POLL = Duration.ofMillis(500);

    private final HttpClient http;

    public Readiness(HttpClient http) {
        this.http = http;
    }

    public Readiness() {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
    }

    /**
     * Polls {@code url} until it answers 200.
     *
     * @param alive false once the process behind the endpoint has exited
     */
    public Outcome await(URI url, Duration timeout, BooleanSupplier alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build();
        while (true) {
            if (!alive.getAsBoolean()) {
                return Outcome.DIED;
            }
            if (isOk(request)) {
                return Outcome.READY;
            }
            if (System.nanoTime() >= deadline) {
                return Outcome.TIMED_OUT;
            }
            pause();
        }
    }

    /** Whether {@code url} answers 200 right now. */
    public boolean isOk(URI url) {
        return isOk(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(3)).GET().build());
    }

    private boolean isOk(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted while waiting for " + request.uri());
        }
    }

    static void pause() {
        try {
            Thread.sleep(POLL.toMillis()); // polling an external process; there is no event to wait on
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlatformException("interrupted");
        }
    }
}
