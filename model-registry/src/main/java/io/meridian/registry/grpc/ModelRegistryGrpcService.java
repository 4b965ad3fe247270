package io.meridian.registry.grpc;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jboss.logging.Logger;

import com.google.protobuf.ByteString;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.meridian.registry.config.RegistryConfig;
import io.meridian.registry.messaging.RegistryEvents;
import io.meridian.registry.model.AliasChange;
import io.meridian.registry.model.ModelInput;
import io.meridian.registry.model.NewModelVersion;
import io.meridian.registry.model.RegistryException;
import io.meridian.registry.service.ArtifactStore;
import io.meridian.registry.service.CurrentCaller;
import io.meridian.registry.service.RegistryService;
import io.meridian.registry.v1.CreateModelVersionRequest;
import io.meridian.registry.v1.CreateModelVersionResponse;
import io.meridian.registry.v1.DownloadArtifactRequest;
import io.meridian.registry.v1.DownloadArtifactResponse;
import io.meridian.registry.v1.GetModelVersionRequest;
import io.meridian.registry.v1.GetModelVersionResponse;
import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ModelVersionMetadata;
import io.meridian.registry.v1.ResolveAliasRequest;
import io.meridian.registry.v1.ResolveAliasResponse;
import io.meridian.registry.v1.SetAliasRequest;
import io.meridian.registry.v1.SetAliasResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;

/**
 * gRPC ModelRegistryService on the HTTP port. Writes need a JWT with role {@code writer} in the
 * {@code authorization: Bearer <token>} metadata (Quarkus authenticates it with the HTTP JWT mechanism).
 * Every method is {@link Blocking}: they do JDBC and file I/O on worker threads.
 */
@GrpcService
public class ModelRegistryGrpcService extends ModelRegistryServiceGrpc.ModelRegistryServiceImplBase {
    private static final Logger LOG = Logger.getLogger(ModelRegistryGrpcService.class);

    private final RegistryService registry;
    private final ArtifactStore store;
    private final CurrentCaller caller;
    private final RegistryConfig config;

    public ModelRegistryGrpcService(RegistryService registry, ArtifactStore store, CurrentCaller caller,
        RegistryConfig config) {
        this.registry = registry;
        this.store = store;
        this.caller = caller;
        this.config = config;
    }

    @Override
    @Blocking
    @RolesAllowed("writer")
    public StreamObserver<CreateModelVersionRequest> createModelVersion(
        StreamObserver<CreateModelVersionResponse> responses) {
        return new UploadObserver(caller.subject(), responses);
    }

    @Override
    @Blocking
    public void getModelVersion(GetModelVersionRequest request, StreamObserver<GetModelVersionResponse> responses) {
        run(responses, () -> GetModelVersionResponse.newBuilder()
            .setVersion(toProto(registry.getVersion(request.getModelName(), request.getVersion()))).build());
    }

    @Override
    @Blocking
    public void resolveAlias(ResolveAliasRequest request, StreamObserver<ResolveAliasResponse> responses) {
        run(responses, () -> ResolveAliasResponse.newBuilder()
            .setVersion(toProto(registry.resolveAlias(request.getModelName(), request.getAlias()))).build());
    }

    @Override
    @Blocking
    @RolesAllowed("writer")
    public void setAlias(SetAliasRequest request, StreamObserver<SetAliasResponse> responses) {
        String subject = caller.subject();
        run(responses, () -> {
            AliasChange change = registry.setAlias(request.getModelName(), request.getAlias(), request.getVersion(),
                subject);
            return SetAliasResponse.newBuilder().setVersion(toProto(change.version()))
                .setPreviousVersion(change.previousVersion()).build();
        });
    }

    @Override
    @Blocking
    public void downloadArtifact(DownloadArtifactRequest request, StreamObserver<DownloadArtifactResponse> responses) {
        ServerCallStreamObserver<DownloadArtifactResponse> call =
            (ServerCallStreamObserver<DownloadArtifactResponse>) responses;
        ReentrantLock lock = new ReentrantLock();
        Condition ready = lock.newCondition();
        call.setOnReadyHandler(() -> signal(lock, ready));
        call.setOnCancelHandler(() -> signal(lock, ready));
        io.meridian.registry.model.ModelVersion version;
        try {
            version = registry.getVersion(request.getModelName(), request.getVersion());
        } catch (RuntimeException e) {
            responses.onError(toStatus(e));
            return;
        }
        byte[] buffer = new byte[config.downloadChunkBytes()];
        try (InputStream in = store.open(version.artifactLocation())) {
            int n;
            while ((n = in.readNBytes(buffer, 0, buffer.length)) > 0) {
                // respect the client's flow control instead of buffering the whole artifact in memory
                while (!call.isReady()) {
                    if (call.isCancelled()) {
                        LOG.debugf("download cancelled: model=%s version=%d", version.modelName(), version.version());
                        return;
                    }
                    lock.lock();
                    try {
                        ready.await(50, TimeUnit.MILLISECONDS);
                    } finally {
                        lock.unlock();
                    }
                }
                responses.onNext(DownloadArtifactResponse.newBuilder().setChunk(ByteString.copyFrom(buffer, 0, n))
                    .build());
            }
            responses.onCompleted();
        } catch (IOException e) {
            LOG.errorf("artifact unreadable: model=%s version=%d: %s", version.modelName(), version.version(),
                e.getMessage());
            responses.onError(Status.INTERNAL.withDescription("The artifact of model '" + version.modelName()
                + "' version " + version.version() + " cannot be read from the artifact store.").asRuntimeException());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            responses.onError(Status.CANCELLED.withDescription("The download was interrupted.").asRuntimeException());
        }
    }

    private static void signal(ReentrantLock lock, Condition ready) {
        lock.lock();
        try {
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Receives one upload: metadata first, then the artifact bytes in order. */
    private final class UploadObserver implements StreamObserver<CreateModelVersionRequest> {
        private final String subject;
        private final StreamObserver<CreateModelVersionResponse> responses;
        private NewModelVersion metadata;
        private ArtifactStore.Upload upload;
        private boolean done;

        UploadObserver(String subject, StreamObserver<CreateModelVersionResponse> responses) {
            this.subject = subject;
            this.responses = responses;
        }

        @Override
        public void onNext(CreateModelVersionRequest request) {
            if (done) {
                return;
            }
            try {
                switch (request.getPartCase()) {
                    case METADATA -> {
                        if (metadata != null) {
                            throw RegistryException.invalid("metadata", "The metadata was sent twice: send it once, "
                                + "as the first message.");
                        }
                        metadata = registry.validate(fromProto(request.getMetadata()));
                        upload = store.begin();
                    }
                    case ARTIFACT_CHUNK -> {
                        if (metadata == null) {
                            throw RegistryException.invalid("metadata", "The first message must carry the metadata; "
                                + "an artifact chunk came first.");
                        }
                        upload.write(request.getArtifactChunk().toByteArray());
                    }
                    default -> throw RegistryException.invalid("part", "A message carried neither metadata nor an "
                        + "artifact chunk.");
                }
            } catch (RuntimeException | IOException e) {
                fail(e);
            }
        }

        @Override
        public void onError(Throwable t) {
            done = true;
            if (upload != null) {
                upload.close();
            }
            LOG.debugf("upload aborted by the client: %s", t.getMessage());
        }

        @Override
        public void onCompleted() {
            if (done) {
                return;
            }
            done = true;
            try {
                if (metadata == null) {
                    throw RegistryException.invalid("metadata", "The upload carried no metadata: the first message "
                        + "must carry it.");
                }
                ArtifactStore.Staged staged = upload.finish();
                io.meridian.registry.model.ModelVersion created = registry.createVersion(metadata, staged, subject);
                responses.onNext(CreateModelVersionResponse.newBuilder().setVersion(toProto(created)).build());
                responses.onCompleted();
            } catch (RuntimeException | IOException e) {
                fail(e);
            }
        }

        private void fail(Exception e) {
            done = true;
            if (upload != null) {
                upload.close();
            }
            StatusRuntimeException status = toStatus(e);
            LOG.infof("upload rejected: model=%s by=%s status=%s: %s", metadata == null ? "?" : metadata.modelName(),
                subject, status.getStatus().getCode(), status.getStatus().getDescription());
            responses.onError(status);
        }
    }

    /** A unary call: computes the answer or sends the mapped error status. */
    private static <T> void run(StreamObserver<T> responses, java.util.function.Supplier<T> work) {
        T answer;
        try {
            answer = work.get();
        } catch (RuntimeException e) {
            responses.onError(toStatus(e));
            return;
        }
        responses.onNext(answer);
        responses.onCompleted();
    }

    static StatusRuntimeException toStatus(Exception e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof RegistryException r) {
            Status status = switch (r.kind()) {
                case INVALID -> Status.INVALID_ARGUMENT;
                case NOT_FOUND -> Status.NOT_FOUND;
                case TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
            };
            return status.withDescription(r.getMessage()).asRuntimeException();
        }
        LOG.errorf(e, "gRPC call failed");
        return Status.INTERNAL.withDescription("The registry could not complete the call; the error is logged.")
            .asRuntimeException();
    }

    static NewModelVersion fromProto(ModelVersionMetadata m) {
        List<ModelInput> inputs = new ArrayList<>();
        m.getInputsList().forEach(i -> inputs.add(new ModelInput(i.getName(), i.getType(), i.getLevelsList(),
            i.getRejectUnseen(), i.getOptional())));
        return new NewModelVersion(m.getModelName(), m.getFormat(), m.getDescription(), inputs,
            List.copyOf(m.getOutputsList()), m.getMetricsMap(), m.getTagsMap(), m.getSourceJobId(),
            m.getExpectedSha256());
    }

    static ModelVersion toProto(io.meridian.registry.model.ModelVersion v) {
        ModelVersion.Builder b = ModelVersion.newBuilder()
            .setModelName(v.modelName())
            .setVersion(v.version())
            .setFormat(v.format())
            .addAllOutputs(v.outputs())
            .putAllMetrics(v.metrics())
            .putAllTags(v.tags())
            .setSourceJobId(v.sourceJobId())
            .setDescription(v.description())
            .setArtifactSha256(v.artifactSha256())
            .setArtifactSizeBytes(v.artifactSizeBytes())
            .setCreatedAt(RegistryEvents.timestamp(v.createdAt()))
            .addAllAliases(v.aliases());
        v.inputs().forEach(i -> b.addInputs(io.meridian.registry.v1.ModelInput.newBuilder()
            .setName(i.name()).setType(i.type() == null ? "" : i.type()).addAllLevels(i.levels())
            .setRejectUnseen(i.rejectUnseen()).setOptional(i.optional())));
        return b.build();
    }
}
