package io.meridian.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.google.protobuf.ByteString;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.features.v1.FeatureServiceGrpc;
import io.meridian.features.v1.ReadTrainingSetRequest;
import io.meridian.features.v1.ReadTrainingSetResponse;
import io.meridian.features.v1.TrainingRow;
import io.meridian.ingest.v1.DatasetContract;
import io.meridian.ingest.v1.FieldSpec;
import io.meridian.ingest.v1.FieldType;
import io.meridian.ingest.v1.GetDatasetRequest;
import io.meridian.ingest.v1.GetDatasetResponse;
import io.meridian.ingest.v1.IngestServiceGrpc;
import io.meridian.ingest.v1.ReadRecordsRequest;
import io.meridian.ingest.v1.ReadRecordsResponse;
import io.meridian.registry.v1.CreateModelVersionRequest;
import io.meridian.registry.v1.CreateModelVersionResponse;
import io.meridian.registry.v1.ModelRegistryServiceGrpc;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ModelVersionMetadata;

/**
 * Real gRPC servers on free ports standing in for ingest-service, feature-service and model-registry.
 *
 * <p>Feature-service training sets: {@code churn} (seeded ChurnData rows), {@code slow-churn} (the same once
 * {@link #openGate()} is called), {@code empty} (no rows), {@code missing} (NOT_FOUND), {@code down}
 * (UNAVAILABLE), {@code constant} (label always false).
 *
 * <p>Ingest-service datasets (contract + records): {@code churn} ({@value #CHURN_ROWS} ChurnData rows, ~1/3
 * churned), {@code slow-churn} (held by the gate), {@code housing} ({@value #HOUSING_ROWS} HousingData rows),
 * {@code checkerboard} ({@value #CHECKERBOARD_ROWS} rows, label x*y > 0: not linearly separable),
 * {@code churn-twice} (the churn rows uploaded twice), {@code tiny-churn} (25 rows), {@code rare-churn} (200 rows, 3 churned), {@code constant}, {@code empty},
 * {@code bad-numeric} (a string in the integer column {@code support_calls}, as a lax upstream might send);
 * others are NOT_FOUND.
 *
 * <p>The ingest-service checks the bearer token ({@link #INGEST_TOKEN}) of every call; the registry checks its bearer
 * token ({@link #REGISTRY_TOKEN}) and the SHA-256 and keeps every upload.
 */
public final class FakeNeighbours {
    public static final String REGISTRY_TOKEN = "test-registry-token";
    /** The token the fake ingest-service wants on every call (the %test meridian.training.ingest-token). */
    public static final String INGEST_TOKEN = "test-ingest-token";
    public static final int CHURN_ROWS = 1000;
    public static final int HOUSING_ROWS = 600;
    public static final int CHECKERBOARD_ROWS = 800;
    private static final Context.Key<String> AUTHORIZATION = Context.key("authorization");
    private static final Metadata.Key<String> AUTHORIZATION_HEADER =
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static FakeNeighbours instance;

    /** What the fake registry received. */
    public record Upload(ModelVersionMetadata metadata, byte[] artifact, String authorization, long version,
                         int chunks) {
    }

    private final Server ingest;
    private final Server features;
    private final Server registry;
    private final List<Upload> uploads = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private FakeNeighbours() throws IOException {
        ingest = NettyServerBuilder.forPort(0)
            .addService(ServerInterceptors.intercept(new Ingest(), captureAuthorization())).build().start();
        features = NettyServerBuilder.forPort(0).addService(new Features()).build().start();
        registry = NettyServerBuilder.forPort(0)
            .addService(ServerInterceptors.intercept(new Registry(), captureAuthorization())).build().start();
    }

    public static synchronized FakeNeighbours start() {
        if (instance == null) {
            try {
                instance = new FakeNeighbours();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "stop-fake-neighbours"));
        }
        return instance;
    }

    public static synchronized FakeNeighbours get() {
        if (instance == null) {
            throw new IllegalStateException("fake neighbours not started (FakeNeighboursResource)");
        }
        return instance;
    }

    public int ingestPort() {
        return ingest.getPort();
    }

    public int featuresPort() {
        return features.getPort();
    }

    public int registryPort() {
        return registry.getPort();
    }

    public List<Upload> uploads() {
        return List.copyOf(uploads);
    }

    public Upload uploadOfJob(String jobId) {
        return uploads.stream().filter(u -> u.metadata().getSourceJobId().equals(jobId)).findFirst().orElse(null);
    }

    /** Holds {@code slow-churn} reads until {@link #openGate()}. */
    public void closeGate() {
        gate = new CountDownLatch(1);
    }

    public void openGate() {
        gate.countDown();
    }

    private void stop() {
        openGate();
        ingest.shutdownNow();
        features.shutdownNow();
        registry.shutdownNow();
    }

    private final class Features extends FeatureServiceGrpc.FeatureServiceImplBase {
        @Override
        public void readTrainingSet(ReadTrainingSetRequest request,
                                    StreamObserver<ReadTrainingSetResponse> responses) {
            List<Record> rows;
            switch (request.getDataset()) {
                case "churn" -> rows = ChurnRows.records(CHURN_ROWS, 11);
                case "slow-churn" -> {
                    try {
                        gate.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    rows = ChurnRows.records(CHURN_ROWS, 11);
                }
                case "empty" -> rows = List.of();
                case "constant" -> rows = ChurnRows.records(200, 3).stream().map(r -> r.toBuilder()
                    .putFields("churned", Value.newBuilder().setBoolValue(false).build()).build()).toList();
                case "down" -> {
                    responses.onError(Status.UNAVAILABLE.withDescription("fake feature-service is down")
                        .asRuntimeException());
                    return;
                }
                default -> {
                    responses.onError(Status.NOT_FOUND.withDescription("no dataset " + request.getDataset())
                        .asRuntimeException());
                    return;
                }
            }
            int batch = request.getBatchSize() > 0 ? request.getBatchSize() : 100;
            for (int i = 0; i < rows.size(); i += batch) {
                ReadTrainingSetResponse.Builder response = ReadTrainingSetResponse.newBuilder();
                for (int j = i; j < Math.min(rows.size(), i + batch); j++) {
                    response.addRows(TrainingRow.newBuilder().setEntityKey(
                        rows.get(j).getFieldsOrThrow("customer_id").getStringValue()).setValues(rows.get(j))
                        .setRunId(j < rows.size() / 2 ? "run-1" : "run-2"));
                }
                responses.onNext(response.build());
            }
            responses.onCompleted();
        }
    }

    private final class Ingest extends IngestServiceGrpc.IngestServiceImplBase {
        @Override
        public void getDataset(GetDatasetRequest request, StreamObserver<GetDatasetResponse> response) {
            if (!bearerIs(INGEST_TOKEN, response)) {
                return;
            }
            DatasetContract contract = contract(request.getName());
            if (contract == null) {
                response.onError(Status.NOT_FOUND.withDescription("no dataset " + request.getName())
                    .asRuntimeException());
                return;
            }
            response.onNext(GetDatasetResponse.newBuilder().setContract(contract).build());
            response.onCompleted();
        }

        @Override
        public void readRecords(ReadRecordsRequest request, StreamObserver<ReadRecordsResponse> responses) {
            if (!bearerIs(INGEST_TOKEN, responses)) {
                return;
            }
            if (contract(request.getDataset()) == null) {
                responses.onError(Status.NOT_FOUND.withDescription("no dataset " + request.getDataset())
                    .asRuntimeException());
                return;
            }
            List<Record> rows = switch (request.getDataset()) {
                case "churn" -> ChurnRows.records(CHURN_ROWS, 11);
                case "slow-churn" -> {
                    try {
                        gate.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    yield ChurnRows.records(CHURN_ROWS, 11);
                }
                case "housing" -> ChurnRows.housing(HOUSING_ROWS, 5);
                case "checkerboard" -> ChurnRows.checkerboard(CHECKERBOARD_ROWS, 21);
                case "churn-twice" -> {
                    List<Record> twice = new java.util.ArrayList<>(ChurnRows.records(CHURN_ROWS, 11));
                    twice.addAll(ChurnRows.records(CHURN_ROWS, 11));
                    yield twice;
                }
                case "tiny-churn" -> ChurnRows.records(25, 3);
                case "rare-churn" -> {
                    List<Record> all = ChurnRows.records(200, 9);
                    int[] kept = {0};
                    yield all.stream().map(r -> r.getFieldsOrThrow("churned").getBoolValue() && kept[0]++ >= 3
                        ? r.toBuilder().putFields("churned", Value.newBuilder().setBoolValue(false).build()).build()
                        : r).toList();
                }
                case "constant" -> ChurnRows.records(200, 3).stream().map(r -> r.toBuilder()
                    .putFields("churned", Value.newBuilder().setBoolValue(false).build()).build()).toList();
                case "bad-numeric" -> {
                    List<Record> all = new java.util.ArrayList<>(ChurnRows.records(100, 4));
                    all.set(41, all.get(41).toBuilder().putFields("support_calls",
                        Value.newBuilder().setStringValue("several").build()).build());
                    yield all;
                }
                default -> List.of();
            };
            int batch = request.getBatchSize() > 0 ? request.getBatchSize() : 100;
            for (int i = 0; i < rows.size(); i += batch) {
                responses.onNext(ReadRecordsResponse.newBuilder()
                    .addAllRecords(rows.subList(i, Math.min(rows.size(), i + batch))).build());
            }
            responses.onCompleted();
        }

        private DatasetContract contract(String name) {
            DatasetContract.Builder contract = DatasetContract.newBuilder().setName(name).setVersion(1);
            switch (name) {
                case "churn", "slow-churn", "tiny-churn", "rare-churn", "constant", "empty", "bad-numeric",
                     "churn-twice" -> contract
                    .addFields(field("customer_id", FieldType.FIELD_TYPE_STRING))
                    .addFields(field("tenure_months", FieldType.FIELD_TYPE_INTEGER))
                    .addFields(field("monthly_charges", FieldType.FIELD_TYPE_DECIMAL))
                    .addFields(field("support_calls", FieldType.FIELD_TYPE_INTEGER))
                    .addFields(field("contract", FieldType.FIELD_TYPE_STRING))
                    .addFields(field("paperless_billing", FieldType.FIELD_TYPE_BOOLEAN))
                    .addFields(field("churned", FieldType.FIELD_TYPE_BOOLEAN))
                    .setKeyField("customer_id").setLabelField("churned");
                case "housing" -> contract
                    .addFields(field("house_id", FieldType.FIELD_TYPE_STRING))
                    .addFields(field("area_sqm", FieldType.FIELD_TYPE_DECIMAL))
                    .addFields(field("rooms", FieldType.FIELD_TYPE_INTEGER))
                    .addFields(field("age_years", FieldType.FIELD_TYPE_INTEGER))
                    .addFields(field("neighbourhood", FieldType.FIELD_TYPE_STRING))
                    .addFields(field("garage", FieldType.FIELD_TYPE_BOOLEAN))
                    .addFields(field("price", FieldType.FIELD_TYPE_DECIMAL))
                    .setKeyField("house_id").setLabelField("price");
                case "checkerboard" -> contract
                    .addFields(field("point_id", FieldType.FIELD_TYPE_STRING))
                    .addFields(field("x", FieldType.FIELD_TYPE_DECIMAL))
                    .addFields(field("y", FieldType.FIELD_TYPE_DECIMAL))
                    .addFields(field("noise", FieldType.FIELD_TYPE_DECIMAL))
                    .addFields(field("same_sign", FieldType.FIELD_TYPE_BOOLEAN))
                    .setKeyField("point_id").setLabelField("same_sign");
                default -> {
                    return null;
                }
            }
            return contract.build();
        }

        private static FieldSpec field(String name, FieldType type) {
            return FieldSpec.newBuilder().setName(name).setType(type).build();
        }
    }

    private final class Registry extends ModelRegistryServiceGrpc.ModelRegistryServiceImplBase {
        private final Map<String, AtomicLong> versions = new ConcurrentHashMap<>();

        @Override
        public StreamObserver<CreateModelVersionRequest> createModelVersion(
            StreamObserver<CreateModelVersionResponse> response) {
            String authorization = AUTHORIZATION.get();
            return new StreamObserver<>() {
                private ModelVersionMetadata metadata;
                private ByteString artifact = ByteString.EMPTY;
                private int chunks;
                private boolean failed;

                @Override
                public void onNext(CreateModelVersionRequest request) {
                    if (failed) {
                        return;
                    }
                    if (request.hasMetadata() && metadata == null) {
                        metadata = request.getMetadata();
                    } else if (request.getPartCase() == CreateModelVersionRequest.PartCase.ARTIFACT_CHUNK
                        && metadata != null) {
                        artifact = artifact.concat(request.getArtifactChunk());
                        chunks++;
                    } else {
                        failed = true;
                        response.onError(Status.INVALID_ARGUMENT.withDescription("metadata must come first, once")
                            .asRuntimeException());
                    }
                }

                @Override
                public void onError(Throwable t) {
                    failed = true;
                }

                @Override
                public void onCompleted() {
                    if (failed) {
                        return;
                    }
                    if (!("Bearer " + REGISTRY_TOKEN).equals(authorization)) {
                        response.onError(unauthenticated());
                        return;
                    }
                    byte[] bytes = artifact.toByteArray();
                    String sha = sha256(bytes);
                    if (metadata == null || !sha.equals(metadata.getExpectedSha256())) {
                        response.onError(Status.INVALID_ARGUMENT.withDescription("SHA-256 mismatch: got " + sha)
                            .asRuntimeException());
                        return;
                    }
                    long version = versions.computeIfAbsent(metadata.getModelName(), k -> new AtomicLong())
                        .incrementAndGet();
                    uploads.add(new Upload(metadata, bytes, authorization, version, chunks));
                    response.onNext(CreateModelVersionResponse.newBuilder().setVersion(ModelVersion.newBuilder()
                        .setModelName(metadata.getModelName()).setVersion(version).setFormat(metadata.getFormat())
                        .addAllInputs(metadata.getInputsList()).setArtifactSha256(sha)
                        .setArtifactSizeBytes(bytes.length)).build());
                    response.onCompleted();
                }
            };
        }
    }

    /** Whether the call carries {@code token}; if not, it fails with UNAUTHENTICATED as a real service would. */
    private static boolean bearerIs(String token, StreamObserver<?> response) {
        if (("Bearer " + token).equals(AUTHORIZATION.get())) {
            return true;
        }
        response.onError(unauthenticated());
        return false;
    }

    private static RuntimeException unauthenticated() {
        return Status.UNAUTHENTICATED.withDescription("bad or missing bearer token").asRuntimeException();
    }

    /**
     * Puts the authorization header into the call context. (Quarkus logs it as an "unused gRPC interceptor" at
     * build time: it belongs to the fake server, not to the application.)
     */
    private static ServerInterceptor captureAuthorization() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                                                                ServerCallHandler<Q, R> next) {
                Context context = Context.current().withValue(AUTHORIZATION, headers.get(AUTHORIZATION_HEADER));
                return Contexts.interceptCall(context, call, headers, next);
            }
        };
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
