package io.meridian.training.client;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.meridian.registry.v1.CreateModelVersionRequest;
import io.meridian.registry.v1.CreateModelVersionResponse;
import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ModelVersionMetadata;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.service.JobFailure;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Registers model versions in model-registry ({@code quarkus.grpc.clients.registry.*}): metadata first, then
 * the artifact in {@value #CHUNK_BYTES}-byte chunks, with {@code authorization: Bearer <registry-token>}.
 */
@ApplicationScoped
public class RegistryClient {
    public static final int CHUNK_BYTES = 64 * 1024;
    private static final Logger LOG = Logger.getLogger(RegistryClient.class);

    private final ModelRegistryServiceGrpc.ModelRegistryServiceStub registry;
    private final TrainingConfig config;

    public RegistryClient(@GrpcClient("registry") Channel channel, TrainingConfig config) {
        // the client-streaming upload needs the async stub, which Quarkus does not inject directly
        this.registry = ModelRegistryServiceGrpc.newStub(channel);
        this.config = config;
    }

    /** Uploads the artifact; returns the stored version or throws {@link JobFailure} with the reason. */
    public ModelVersion createModelVersion(ModelVersionMetadata metadata, byte[] artifact) {
        ModelRegistryServiceGrpc.ModelRegistryServiceStub stub = BearerToken.attach(registry, config.registryToken())
            .withDeadlineAfter(config.registryDeadline().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<ModelVersion> created = new CompletableFuture<>();
        StreamObserver<CreateModelVersionRequest> upload = stub.createModelVersion(new StreamObserver<>() {
            @Override
            public void onNext(CreateModelVersionResponse response) {
                created.complete(response.getVersion());
            }

            @Override
            public void onError(Throwable error) {
                created.completeExceptionally(error);
            }

            @Override
            public void onCompleted() {
                created.completeExceptionally(Status.INTERNAL
                    .withDescription("model-registry closed the upload without a version").asRuntimeException());
            }
        });
        upload.onNext(CreateModelVersionRequest.newBuilder().setMetadata(metadata).build());
        for (int offset = 0; offset < artifact.length; offset += CHUNK_BYTES) {
            int length = Math.min(CHUNK_BYTES, artifact.length - offset);
            upload.onNext(CreateModelVersionRequest.newBuilder()
                .setArtifactChunk(ByteString.copyFrom(artifact, offset, length)).build());
        }
        upload.onCompleted();
        try {
            return created.get(config.registryDeadline().toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Status status = Status.fromThrowable(e.getCause());
            LOG.warnf("CreateModelVersion of model %s failed: %s", metadata.getModelName(), status);
            throw new JobFailure(describe(metadata.getModelName(), status), e.getCause());
        } catch (TimeoutException e) {
            throw new JobFailure("model-registry did not answer the upload of model '"
                + metadata.getModelName() + "' in time.", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JobFailure("The upload to model-registry was interrupted.", e);
        }
    }

    private static String describe(String model, Status status) {
        String detail = status.getDescription() == null ? "" : ": " + status.getDescription();
        return switch (status.getCode()) {
            case UNAUTHENTICATED, PERMISSION_DENIED -> "model-registry refused to register model '" + model
                + "' (" + status.getCode() + "); check meridian.training.registry-token" + detail + ".";
            case UNAVAILABLE -> "model-registry is unavailable; could not register model '" + model + "'" + detail
                + ".";
            default -> "model-registry rejected model '" + model + "' (" + status.getCode() + ")" + detail + ".";
        };
    }
}
