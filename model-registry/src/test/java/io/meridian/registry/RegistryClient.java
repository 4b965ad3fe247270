package io.meridian.registry;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.protobuf.ByteString;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import io.meridian.registry.v1.CreateModelVersionRequest;
import io.meridian.registry.v1.CreateModelVersionResponse;
import io.meridian.registry.v1.DownloadArtifactRequest;
import io.meridian.registry.v1.DownloadArtifactResponse;
import io.meridian.registry.v1.ModelInput;
import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.meridian.registry.v1.ModelVersionMetadata;
import io.meridian.testing.TestTokens;
import io.restassured.RestAssured;

/** A plain grpc-java client (Netty, h2c) aimed at the app's HTTP port, as other services use it. */
final class RegistryClient implements AutoCloseable {
    final ManagedChannel channel;

    RegistryClient() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", RestAssured.port).usePlaintext().build();
    }

    static <S extends AbstractStub<S>> S withToken(S stub, String token) {
        if (token == null) {
            return stub;
        }
        Metadata md = new Metadata();
        md.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), TestTokens.bearer(token));
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(md));
    }

    ModelRegistryServiceGrpc.ModelRegistryServiceBlockingStub blocking(String token) {
        return withToken(ModelRegistryServiceGrpc.newBlockingStub(channel), token).withDeadlineAfter(30, TimeUnit.SECONDS);
    }

    static ModelVersionMetadata.Builder metadata(String model) {
        return ModelVersionMetadata.newBuilder()
            .setModelName(model)
            .setFormat("onnx")
            .addInputs(ModelInput.newBuilder().setName("tenure_months").setType("float").setOptional(true))
            .addInputs(ModelInput.newBuilder().setName("monthly_charges").setType("float"))
            .addInputs(ModelInput.newBuilder().setName("contract").setType("string")
                .addLevels("month-to-month").addLevels("one-year").setRejectUnseen(true))
            .addOutputs("probabilities")
            .addOutputs("label")
            .putMetrics("accuracy", 0.91)
            .putTags("algorithm", "logistic-regression")
            .setSourceJobId("job-42")
            .setDescription("churn model");
    }

    /** Streams metadata (if given) and then {@code artifact} in {@code chunk}-byte pieces; returns the answer. */
    CreateModelVersionResponse upload(String token, ModelVersionMetadata metadata, byte[] artifact, int chunk) {
        CompletableFuture<CreateModelVersionResponse> answer = new CompletableFuture<>();
        StreamObserver<CreateModelVersionRequest> requests = withToken(ModelRegistryServiceGrpc.newStub(channel), token)
            .withDeadlineAfter(30, TimeUnit.SECONDS)
            .createModelVersion(new StreamObserver<>() {
                @Override
                public void onNext(CreateModelVersionResponse value) {
                    answer.complete(value);
                }

                @Override
                public void onError(Throwable t) {
                    answer.completeExceptionally(t);
                }

                @Override
                public void onCompleted() {
                    answer.completeExceptionally(new IllegalStateException("completed without an answer"));
                }
            });
        if (metadata != null) {
            requests.onNext(CreateModelVersionRequest.newBuilder().setMetadata(metadata).build());
        }
        for (int off = 0; off < artifact.length && !answer.isDone(); off += chunk) {
            int n = Math.min(chunk, artifact.length - off);
            requests.onNext(CreateModelVersionRequest.newBuilder()
                .setArtifactChunk(ByteString.copyFrom(artifact, off, n)).build());
        }
        requests.onCompleted();
        try {
            return answer.get(Duration.ofSeconds(30).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StatusRuntimeException s) {
                throw s;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new IllegalStateException(e);
        }
    }

    byte[] download(String model, long version) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Iterator<DownloadArtifactResponse> chunks = blocking(null).downloadArtifact(
            DownloadArtifactRequest.newBuilder().setModelName(model).setVersion(version).build());
        chunks.forEachRemaining(c -> out.writeBytes(c.getChunk().toByteArray()));
        return out.toByteArray();
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
