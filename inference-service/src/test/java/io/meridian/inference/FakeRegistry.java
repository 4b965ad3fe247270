package io.meridian.inference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;

import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meridian.registry.v1.DownloadArtifactRequest;
import io.meridian.registry.v1.DownloadArtifactResponse;
import io.meridian.registry.v1.GetModelVersionRequest;
import io.meridian.registry.v1.GetModelVersionResponse;
import io.meridian.registry.v1.ModelInput;
import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ResolveAliasRequest;
import io.meridian.registry.v1.ResolveAliasResponse;

/**
 * A stand-in for the model-registry: a real grpc-java server on a free port implementing ResolveAlias,
 * GetModelVersion and DownloadArtifact of {@code ModelRegistryService} over seeded, in-memory versions.
 */
final class FakeRegistry extends ModelRegistryServiceGrpc.ModelRegistryServiceImplBase {
    /** Chunk size of DownloadArtifact: small, so artifacts really arrive in several messages. */
    private static final int CHUNK = 256;

    private final Map<String, ModelVersion> versions = new ConcurrentHashMap<>();
    private final Map<String, byte[]> artifacts = new ConcurrentHashMap<>();
    private final Map<String, Long> aliases = new ConcurrentHashMap<>();
    private Server server;

    static FakeRegistry seeded() {
        FakeRegistry registry = new FakeRegistry();
        Map<String, String> churnTags = Map.of("algorithm", "logistic-regression", "positive_class", "true",
            "task", "binary-classification");
        registry.add(TestModels.CHURN, 1, TestModels.CHURN_INPUTS, churnTags, TestModels.CHURN_V1, null);
        registry.add(TestModels.CHURN, 2, TestModels.CHURN_INPUTS, churnTags, TestModels.CHURN_V2, null);
        registry.aliases.put(TestModels.CHURN + "@production", 1L);
        registry.add(TestModels.FRAUD, 1, TestModels.FRAUD_INPUTS, Map.of("positive_class", "fraud",
            "negative_class", "legit"), TestModels.FRAUD_V1, null);
        registry.aliases.put(TestModels.FRAUD + "@production", 1L);
        registry.add(TestModels.TAMPERED, 1, TestModels.FRAUD_INPUTS, Map.of(), TestModels.FRAUD_V1,
            sha256(TestModels.CHURN_V1));
        registry.aliases.put(TestModels.TAMPERED + "@production", 1L);
        return registry;
    }

    void add(String model, long version, List<String> inputs, Map<String, String> tags, byte[] artifact,
            String recordedSha) {
        ModelVersion.Builder v = ModelVersion.newBuilder().setModelName(model).setVersion(version).setFormat("onnx")
            .addOutputs("probabilities").putAllTags(tags)
            .setArtifactSha256(recordedSha != null ? recordedSha : sha256(artifact))
            .setArtifactSizeBytes(artifact.length);
        inputs.forEach(name -> v.addInputs(ModelInput.newBuilder().setName(name).setType("float")));
        versions.put(model + "/" + version, v.build());
        artifacts.put(model + "/" + version, artifact);
    }

    int start() {
        try {
            server = ServerBuilder.forPort(0).addService(this).build().start();
            return server.getPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() throws InterruptedException {
        if (server != null) {
            server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void resolveAlias(ResolveAliasRequest request, StreamObserver<ResolveAliasResponse> response) {
        Long version = aliases.get(request.getModelName() + "@" + request.getAlias());
        if (version == null) {
            response.onError(Status.NOT_FOUND.withDescription("no alias " + request.getAlias() + " for model "
                + request.getModelName()).asRuntimeException());
            return;
        }
        response.onNext(ResolveAliasResponse.newBuilder()
            .setVersion(versions.get(request.getModelName() + "/" + version)).build());
        response.onCompleted();
    }

    @Override
    public void getModelVersion(GetModelVersionRequest request, StreamObserver<GetModelVersionResponse> response) {
        ModelVersion version = versions.get(request.getModelName() + "/" + request.getVersion());
        if (version == null) {
            response.onError(Status.NOT_FOUND.withDescription("unknown version").asRuntimeException());
            return;
        }
        response.onNext(GetModelVersionResponse.newBuilder().setVersion(version).build());
        response.onCompleted();
    }

    @Override
    public void downloadArtifact(DownloadArtifactRequest request, StreamObserver<DownloadArtifactResponse> response) {
        byte[] artifact = artifacts.get(request.getModelName() + "/" + request.getVersion());
        if (artifact == null) {
            response.onError(Status.NOT_FOUND.withDescription("unknown version").asRuntimeException());
            return;
        }
        for (int offset = 0; offset < artifact.length; offset += CHUNK) {
            response.onNext(DownloadArtifactResponse.newBuilder()
                .setChunk(ByteString.copyFrom(artifact, offset, Math.min(CHUNK, artifact.length - offset))).build());
        }
        response.onCompleted();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
