package io.meridian.inference.client;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.inference.config.InferenceConfig;
import io.meridian.registry.v1.DownloadArtifactRequest;
import io.meridian.registry.v1.DownloadArtifactResponse;
import io.meridian.registry.v1.GetModelVersionRequest;
import io.meridian.registry.v1.ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ResolveAliasRequest;
import io.quarkus.grpc.GrpcClient;

/**
 * Blocking client of the model-registry (gRPC {@code ModelRegistryService}): every call has a deadline and is
 * retried with exponential back-off while the registry answers UNAVAILABLE or the deadline passes. Never call it
 * from an event-loop thread.
 */
@ApplicationScoped
public class RegistryClient {
    private static final Logger LOG = Logger.getLogger(RegistryClient.class);

    private final ModelRegistryServiceBlockingStub stub;
    private final InferenceConfig.Registry config;

    public RegistryClient(@GrpcClient("registry") ModelRegistryServiceBlockingStub stub, InferenceConfig config) {
        this.stub = stub;
        this.config = config.registry();
    }

    /** The version {@code alias} points to, or empty when the model or alias is unknown to the registry. */
    public Optional<ModelVersion> resolveAlias(String modelName, String alias) {
        try {
            return Optional.of(withRetry("ResolveAlias " + modelName + "@" + alias, () -> unary().resolveAlias(
                ResolveAliasRequest.newBuilder().setModelName(modelName).setAlias(alias).build()).getVersion()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** One version's metadata; NOT_FOUND surfaces as a {@link StatusRuntimeException}. */
    public ModelVersion getVersion(String modelName, long version) {
        return withRetry("GetModelVersion " + modelName + " v" + version, () -> unary().getModelVersion(
            GetModelVersionRequest.newBuilder().setModelName(modelName).setVersion(version).build()).getVersion());
    }

    /**
     * Streams the artifact of {@code version} into {@code target} (via a temporary file, moved into place only
     * when complete) and returns the SHA-256 (hex) of the bytes received.
     */
    public String download(ModelVersion version, Path target) {
        return withRetry("DownloadArtifact " + version.getModelName() + " v" + version.getVersion(),
            () -> downloadOnce(version, target));
    }

    private String downloadOnce(ModelVersion version, Path target) {
        Path partial = target.resolveSibling(target.getFileName() + ".part");
        try {
            Files.createDirectories(target.getParent());
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Iterator<DownloadArtifactResponse> chunks = stub
                .withDeadlineAfter(config.downloadDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .downloadArtifact(DownloadArtifactRequest.newBuilder().setModelName(version.getModelName())
                    .setVersion(version.getVersion()).build());
            try (OutputStream out = Files.newOutputStream(partial)) {
                while (chunks.hasNext()) {
                    byte[] chunk = chunks.next().getChunk().toByteArray();
                    digest.update(chunk);
                    out.write(chunk);
                }
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write artifact to " + target, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException e) {
                LOG.debugf("could not delete %s: %s", partial, e.getMessage());
            }
        }
    }

    private ModelRegistryServiceBlockingStub unary() {
        return stub.withDeadlineAfter(config.deadline().toMillis(), TimeUnit.MILLISECONDS);
    }

    private <T> T withRetry(String call, Supplier<T> attempt) {
        long backoff = config.initialBackoff().toMillis();
        for (int i = 1; ; i++) {
            try {
                return attempt.get();
            } catch (StatusRuntimeException e) {
                Status.Code code = e.getStatus().getCode();
                boolean transientFailure = code == Status.Code.UNAVAILABLE || code == Status.Code.DEADLINE_EXCEEDED;
                if (!transientFailure || i >= config.maxAttempts()) {
                    throw e;
                }
                LOG.warnf("registry call %s failed with %s: %s (attempt %d/%d), retrying in %d ms", call, code,
                    e.getCause() != null ? e.getCause().toString() : e.getStatus().getDescription(), i,
                    config.maxAttempts(), backoff);
                sleep(backoff);
                backoff *= 2;
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StatusRuntimeException(Status.CANCELLED.withDescription("interrupted while backing off"));
        }
    }
}
