package io.meridian.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for a packaged service in launcher tests: listens on {@code QUARKUS_HTTP_PORT} and answers
 * {@code /q/health/ready} with 503 for {@code DUMMY_READY_AFTER_MS} (default 300) ms, then 200. If a file named
 * {@code die} is in its working directory it prints a line and exits with code 3 instead.
 */
public final class DummyService {
    private DummyService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (Files.exists(Path.of("die"))) {
            System.out.println("dummy: fatal start-up error, giving up");
            System.exit(3);
        }
        int port = Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"));
        long readyAt = System.currentTimeMillis()
            + Long.parseLong(System.getenv().getOrDefault("DUMMY_READY_AFTER_MS", "300"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/q/health/ready", exchange -> {
            boolean ready = System.currentTimeMillis() >= readyAt;
            byte[] body = ("{\"status\":\"" + (ready ? "UP" : "DOWN") + "\"}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(ready ? 200 : 503, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        System.out.println("dummy listening on " + port + " kafka=" + System.getenv("KAFKA_BOOTSTRAP_SERVERS"));
        Thread.currentThread().join();
    }
}
