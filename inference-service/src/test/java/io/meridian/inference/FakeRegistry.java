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
        registry.add(TestModels.CHURN, 1, TestModels.CHURN_V1);
        registry.add(TestModels.CHURN, 2, TestModels.CHURN_V2);
        registry.aliases.put(TestModels.CHURN + "@production", 1L);
        registry.add(TestModels.SEGMENT, 1, TestModels.SEGMENT_V1);
        registry.aliases.put(TestModels.SEGMENT + "@production", 1L);
        registry.add(TestModels.HOUSING, 1, TestModels.HOUSING_V1);
        registry.aliases.put(TestModels.HOUSING + "@production", 1L);

        List<ModelInput> wrongTypes = TestModels.CHURN_V1.inputs().stream()
            .map(i -> i.getName().equals("contract") ? i.toBuilder().setType("float").clearLevels().build() : i)
            .toList();
        registry.add(TestModels.MISMATCHED, 1, wrongTypes, TestModels.CHURN_V1.outputs(), TestModels.CHURN_V1.tags(),
            TestModels.CHURN_V1.onnx(), null);
        registry.aliases.put(TestModels.MISMATCHED + "@production", 1L);

        List<ModelInput> fraudInputs = TestModels.FRAUD_INPUTS.stream()
            .map(name -> ModelInput.newBuilder().setName(name).setType("float").build()).toList();
        Map<String, String> legacyTags = Map.of("task", "binary-classification", "positive_class", "fraud",
            "negative_class", "legit", "class_order", "legit,fraud", "input_name", "features",
            "output_probabilities", "probabilities");
        registry.add(TestModels.FRAUD, 1, fraudInputs, List.of("probabilities"), legacyTags, TestModels.FRAUD_V1,
            null);
        registry.aliases.put(TestModels.FRAUD + "@production", 1L);
        registry.add(TestModels.TAMPERED, 1, fraudInputs, List.of("probabilities"), legacyTags, TestModels.FRAUD_V1,
            sha256(OnnxModels.logistic(new float[] {1f}, new float[] {1f}, new float[] {1f}, 0f)));
        registry.aliases.put(TestModels.TAMPERED + "@production", 1L);
        return registry;
    }

    void add(String model, long version, TestPipeline pipeline) {
        add(model, version, pipeline.inputs(), pipeline.outputs(), pipeline.tags(), pipeline.onnx(), null);
    }

    void add(String model, long version, List<ModelInput> inputs, List<String> outputs, Map<String, String> tags,
            byte[] artifact, String recordedSha) {
        ModelVersion v = ModelVersion.newBuilder().setModelName(model).setVersion(version).setFormat("onnx")
            .addAllInputs(inputs).addAllOutputs(outputs).putAllTags(tags)
            .setArtifactSha256(recordedSha != null ? recordedSha : sha256(artifact))
            .setArtifactSizeBytes(artifact.length).build();
        versions.put(model + "/" + version, v);
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
