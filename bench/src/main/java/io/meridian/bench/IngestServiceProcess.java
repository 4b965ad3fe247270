package io.meridian.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meridian.embedded.DevTokenIssuer;
import io.meridian.embedded.EmbeddedKafka;
import io.meridian.embedded.EmbeddedPostgresServer;
import io.meridian.embedded.FreePorts;
import io.meridian.launcher.ManagedProcess;
import io.meridian.launcher.Readiness;
import io.meridian.launcher.Service;

/**
 * The packaged ingest-service ({@code quarkus-run.jar}) as a separate process, configured through its environment
 * as the launcher does: its own database on the embedded PostgreSQL, the embedded Kafka, a free HTTP port and the
 * public key of a {@link DevTokenIssuer} whose writer token the benchmark uses. JVM options from
 * {@link BenchSupport#serviceJvmOptions()}; the rest of the environment is inherited.
 */
final class IngestServiceProcess implements AutoCloseable {
    private final ManagedProcess process;
    private final URI base;
    private final String jdbcUrl;
    private final String writerToken;
    private final Path log;
    /**
     * HTTP/1.1, as curl and most clients send an upload over http:// (the JDK client would otherwise upgrade to
     * HTTP/2 cleartext, whose 16 KB frames and window updates cost both sides CPU on a 155 MB body).
     */
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();

    private IngestServiceProcess(ManagedProcess process, URI base, String jdbcUrl, String writerToken, Path log) {
        this.process = process;
        this.base = base;
        this.jdbcUrl = jdbcUrl;
        this.writerToken = writerToken;
        this.log = log;
    }

    /** Starts the service and waits (up to 3 minutes) until {@code /q/health/ready} answers UP. */
    static IngestServiceProcess start(Path jar, Path log, EmbeddedPostgresServer postgres, EmbeddedKafka kafka)
        throws IOException {
        String jdbcUrl = postgres.createDatabase(Service.INGEST.database().orElseThrow());
        DevTokenIssuer tokens = DevTokenIssuer.generate();
        int port = FreePorts.find();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("MP_JWT_VERIFY_PUBLICKEY", tokens.publicKeyBase64());
        env.put("MP_JWT_VERIFY_ISSUER", DevTokenIssuer.ISSUER);
        List<String> command = new ArrayList<>();
        command.add(BenchSupport.javaBinary());
        command.addAll(BenchSupport.serviceJvmOptions());
        command.add("-jar");
        command.add(jar.toString());
        ManagedProcess process = ManagedProcess.start("ingest-service", command, env, jar.getParent(), log, false);
        URI base = URI.create("http://127.0.0.1:" + port);
        IngestServiceProcess service = new IngestServiceProcess(process, base, jdbcUrl,
            tokens.token("bench", Duration.ofHours(4), "writer"), log);
        Readiness.Outcome ready = new Readiness().await(base.resolve("/q/health/ready"), Duration.ofMinutes(3),
            process::isAlive);
        if (ready != Readiness.Outcome.READY) {
            String tail = process.logTail(40);
            service.close();
            throw new IllegalStateException("ingest-service " + ready + "; last lines of " + log + ":\n" + tail);
        }
        return service;
    }

    long pid() {
        return process.pid();
    }

    URI base() {
        return base;
    }

    /** JDBC URL of the service's database (meridian_ingest). */
    String jdbcUrl() {
        return jdbcUrl;
    }

    Path log() {
        return log;
    }

    String logTail(int lines) {
        return process.logTail(lines);
    }

    /** A request to {@code path} carrying the writer token. */
    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + writerToken);
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Sends JSON with the writer token; fails naming the call unless the status is one of {@code expected}. */
    String sendJson(String method, String path, String json, int... expected) throws IOException, InterruptedException {
        HttpResponse<String> response = send(request(path).timeout(Duration.ofMinutes(1))
            .header("Content-Type", "application/json")
            .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
            .build());
        for (int status : expected) {
            if (response.statusCode() == status) {
                return response.body();
            }
        }
        throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
            + response.body());
    }

    @Override
    public void close() {
        process.stop(ManagedProcess.GRACE);
    }
}
