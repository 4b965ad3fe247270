package io.meridian.registry;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasEntry;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.AliasChanged;
import io.meridian.events.v1.ModelVersionCreated;
import io.meridian.registry.v1.CreateModelVersionResponse;
import io.meridian.registry.v1.GetModelVersionRequest;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ResolveAliasRequest;
import io.meridian.registry.v1.SetAliasRequest;
import io.meridian.registry.v1.SetAliasResponse;
import io.meridian.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** gRPC ModelRegistryService through a plain grpc-java channel to the app's HTTP port (h2c). */
@QuarkusTest
class ModelRegistryGrpcTest {
    static final long LIMIT = 1_048_576; // %test meridian.registry.max-artifact-bytes

    @Inject
    SelfClients selfClients;

    RegistryClient client;

    @BeforeEach
    void connect() {
        client = new RegistryClient();
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    static byte[] artifact(long seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void uploadsNumberVersionsAndDownloadReturnsTheSameBytes() throws Exception {
        byte[] first = artifact(1, 200_000);
        byte[] second = artifact(2, 70_001);

        CreateModelVersionResponse v1 = client.upload(TestTokens.writer(),
            RegistryClient.metadata("grpc-churn").setExpectedSha256(sha256(first)).build(), first, 64 * 1024);
        CreateModelVersionResponse v2 = client.upload(TestTokens.writer(),
            RegistryClient.metadata("grpc-churn").build(), second, 10_000);

        assertEquals(1, v1.getVersion().getVersion());
        assertEquals(sha256(first), v1.getVersion().getArtifactSha256());
        assertEquals(first.length, v1.getVersion().getArtifactSizeBytes());
        assertThat(v1.getVersion().getInputsList().stream().map(i -> i.getName()).toList(),
            contains("tenure_months", "monthly_charges", "contract"));
        assertThat(v1.getVersion().getMetricsMap(), hasEntry("accuracy", 0.91));
        assertThat(v1.getVersion().getTagsMap(), hasEntry("algorithm", "logistic-regression"));
        assertEquals(2, v2.getVersion().getVersion());
        assertEquals(sha256(second), v2.getVersion().getArtifactSha256());
        assertEquals(second.length, v2.getVersion().getArtifactSizeBytes());

        assertArrayEquals(first, client.download("grpc-churn", 1));
        assertArrayEquals(second, client.download("grpc-churn", 2));

        ModelVersion fetched = client.blocking(null).getModelVersion(GetModelVersionRequest.newBuilder()
            .setModelName("grpc-churn").setVersion(2).build()).getVersion();
        assertEquals(sha256(second), fetched.getArtifactSha256());
        assertEquals("job-42", fetched.getSourceJobId());
        // the input schema serving relies on comes back whole: levels, unseen policy, optional
        assertEquals(3, fetched.getInputsCount());
        assertEquals(true, fetched.getInputs(0).getOptional());
        assertEquals(false, fetched.getInputs(1).getOptional());
        assertEquals(List.of("month-to-month", "one-year"), fetched.getInputs(2).getLevelsList());
        assertEquals(true, fetched.getInputs(2).getRejectUnseen());
        assertEquals("string", fetched.getInputs(2).getType());
    }

    @Test
    void concurrentUploadsGetDistinctConsecutiveVersions() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                byte[] bytes = artifact(100 + i, 5_000);
                futures.add(pool.submit(() -> client.upload(TestTokens.writer(),
                    RegistryClient.metadata("grpc-concurrent").build(), bytes, 1_000).getVersion().getVersion()));
            }
            List<Long> versions = new ArrayList<>();
            for (Future<Long> f : futures) {
                versions.add(f.get());
            }
            assertThat(versions, containsInAnyOrder(1L, 2L, 3L, 4L, 5L, 6L));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void emitsModelVersionCreatedAfterAnUpload() throws Exception {
        byte[] bytes = artifact(3, 1_234);
        try (RegistryEventsConsumer events = new RegistryEventsConsumer()) {
            client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-events").build(), bytes, 512);

            List<ConsumerRecord<String, byte[]>> created = await().atMost(Duration.ofSeconds(30))
                .until(() -> events.poll("grpc-events", EventTypes.MODEL_VERSION_CREATED), r -> !r.isEmpty());
            ConsumerRecord<String, byte[]> record = created.get(0);
            ModelVersionCreated event = ModelVersionCreated.parseFrom(record.value());
            assertEquals("grpc-events", event.getModelName());
            assertEquals(1, event.getVersion());
            assertEquals(sha256(bytes), event.getArtifactSha256());
            assertEquals("job-42", event.getSourceJobId());
            assertEquals("onnx", event.getFormat());
            assertTrue(event.getCreatedAt().getSeconds() > 0);
            assertEquals("1.0", RegistryEventsConsumer.header(record, "ce_specversion"));
            assertEquals("/meridian/model-registry", RegistryEventsConsumer.header(record, "ce_source"));
            assertThat(RegistryEventsConsumer.header(record, "ce_id"), not(emptyOrNullString()));
            assertThat(RegistryEventsConsumer.header(record, "ce_time"), not(emptyOrNullString()));
            assertEquals("grpc-events", record.key());
        }
    }

    @Test
    void setAliasOverGrpcMovesItAndEmitsAliasChanged() throws Exception {
        client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-alias").build(), artifact(4, 100), 100);
        client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-alias").build(), artifact(5, 100), 100);
        var writer = client.blocking(TestTokens.writer());

        try (RegistryEventsConsumer events = new RegistryEventsConsumer()) {
            SetAliasResponse first = writer.setAlias(SetAliasRequest.newBuilder()
                .setModelName("grpc-alias").setAlias("production").setVersion(1).build());
            SetAliasResponse moved = writer.setAlias(SetAliasRequest.newBuilder()
                .setModelName("grpc-alias").setAlias("production").setVersion(2).build());
            assertEquals(0, first.getPreviousVersion());
            assertEquals(1, moved.getPreviousVersion());
            assertThat(moved.getVersion().getAliasesList(), contains("production"));

            List<ConsumerRecord<String, byte[]>> changes = await().atMost(Duration.ofSeconds(30))
                .until(() -> events.poll("grpc-alias", EventTypes.ALIAS_CHANGED), r -> r.size() >= 2);
            AliasChanged last = AliasChanged.parseFrom(changes.get(1).value());
            assertEquals("production", last.getAlias());
            assertEquals(2, last.getVersion());
            assertEquals(1, last.getPreviousVersion());
            assertEquals("test-writer", last.getChangedBy());
            assertEquals(0, AliasChanged.parseFrom(changes.get(0).value()).getPreviousVersion());
        }

        ModelVersion resolved = client.blocking(null).resolveAlias(ResolveAliasRequest.newBuilder()
            .setModelName("grpc-alias").setAlias("production").build()).getVersion();
        assertEquals(2, resolved.getVersion());
    }

    @Test
    void quarkusGrpcClientsReachTheServiceOnTheHttpPort() {
        var quarkusClient = selfClients.netty();
        var vertxClient = selfClients.vertx();
        client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-quarkus-client").build(), artifact(6, 10), 10);
        GetModelVersionRequest request = GetModelVersionRequest.newBuilder()
            .setModelName("grpc-quarkus-client").setVersion(1).build();

        assertEquals(1, quarkusClient.getModelVersion(request).getVersion().getVersion());
        assertEquals(1, vertxClient.getModelVersion(request).getVersion().getVersion());
        SetAliasResponse set = RegistryClient.withToken(quarkusClient, TestTokens.writer())
            .setAlias(SetAliasRequest.newBuilder().setModelName("grpc-quarkus-client").setAlias("staging")
                .setVersion(1).build());
        assertThat(set.getVersion().getAliasesList(), contains("staging"));
        assertStatus(() -> vertxClient.setAlias(SetAliasRequest.newBuilder()
            .setModelName("grpc-quarkus-client").setAlias("staging").setVersion(1).build()),
            Status.Code.UNAUTHENTICATED, null);
    }

    @Test
    void rejectsAShaMismatch() {
        assertStatus(() -> client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-bad")
            .setExpectedSha256("0".repeat(64)).build(), artifact(7, 1000), 100),
            Status.Code.INVALID_ARGUMENT, "SHA-256");
    }

    @Test
    void rejectsAnUploadWithoutMetadata() {
        assertStatus(() -> client.upload(TestTokens.writer(), null, artifact(8, 1000), 100),
            Status.Code.INVALID_ARGUMENT, "metadata");
    }

    @Test
    void rejectsAnUploadWithNothingAtAll() {
        assertStatus(() -> client.upload(TestTokens.writer(), null, new byte[0], 100),
            Status.Code.INVALID_ARGUMENT, "metadata");
    }

    @Test
    void rejectsABadModelName() {
        assertStatus(() -> client.upload(TestTokens.writer(), RegistryClient.metadata("Bad Name!").build(),
            artifact(9, 100), 100), Status.Code.INVALID_ARGUMENT, "model name");
    }

    @Test
    void rejectsAnEmptyArtifact() {
        assertStatus(() -> client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-empty").build(),
            new byte[0], 100), Status.Code.INVALID_ARGUMENT, "empty");
    }

    @Test
    void rejectsAnArtifactOverTheLimit() {
        assertStatus(() -> client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-huge").build(),
            artifact(10, (int) LIMIT + 1), 64 * 1024), Status.Code.RESOURCE_EXHAUSTED, "limit");
        // nothing was registered
        assertStatus(() -> client.blocking(null).getModelVersion(GetModelVersionRequest.newBuilder()
            .setModelName("grpc-huge").setVersion(1).build()), Status.Code.NOT_FOUND, "not registered");
    }

    @Test
    void acceptsAnArtifactOfExactlyTheLimit() {
        assertEquals(LIMIT, client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-limit").build(),
            artifact(11, (int) LIMIT), 64 * 1024).getVersion().getArtifactSizeBytes());
    }

    @Test
    void unaryWritesNeedAWriterToken() {
        SetAliasRequest alias = SetAliasRequest.newBuilder().setModelName("grpc-anon").setAlias("x").setVersion(1)
            .build();
        assertStatus(() -> client.blocking(null).setAlias(alias), Status.Code.UNAUTHENTICATED, null);
        assertStatus(() -> client.blocking(TestTokens.reader()).setAlias(alias), Status.Code.PERMISSION_DENIED, null);
        assertStatus(() -> client.blocking("not-a-jwt").setAlias(alias), Status.Code.UNAUTHENTICATED, null);
    }

    @Test
    void uploadsNeedAWriterToken() {
        assertStatus(() -> client.upload(null, RegistryClient.metadata("grpc-anon").build(), artifact(12, 10), 10),
            Status.Code.UNAUTHENTICATED, null);
        assertStatus(() -> client.upload(TestTokens.reader(), RegistryClient.metadata("grpc-anon").build(),
            artifact(12, 10), 10), Status.Code.PERMISSION_DENIED, null);
        assertStatus(() -> client.upload("not-a-jwt", RegistryClient.metadata("grpc-anon").build(),
            artifact(12, 10), 10), Status.Code.UNAUTHENTICATED, null);
        // nothing was registered
        assertStatus(() -> client.blocking(null).getModelVersion(GetModelVersionRequest.newBuilder()
            .setModelName("grpc-anon").setVersion(1).build()), Status.Code.NOT_FOUND, "not registered");
    }

    @Test
    void unknownThingsAreNotFound() {
        client.upload(TestTokens.writer(), RegistryClient.metadata("grpc-known").build(), artifact(13, 10), 10);
        var reader = client.blocking(null);
        assertStatus(() -> reader.getModelVersion(GetModelVersionRequest.newBuilder()
            .setModelName("grpc-known").setVersion(9).build()), Status.Code.NOT_FOUND, "has no version 9");
        assertStatus(() -> reader.resolveAlias(ResolveAliasRequest.newBuilder()
            .setModelName("grpc-known").setAlias("champion").build()), Status.Code.NOT_FOUND, "no alias 'champion'");
        assertStatus(() -> reader.resolveAlias(ResolveAliasRequest.newBuilder()
            .setModelName("grpc-nope").setAlias("champion").build()), Status.Code.NOT_FOUND, "not registered");
        assertStatus(() -> client.download("grpc-known", 9), Status.Code.NOT_FOUND, "has no version 9");
        assertStatus(() -> client.blocking(TestTokens.writer()).setAlias(SetAliasRequest.newBuilder()
            .setModelName("grpc-known").setAlias("prod").setVersion(9).build()), Status.Code.NOT_FOUND, "no version 9");
        assertStatus(() -> client.blocking(TestTokens.writer()).setAlias(SetAliasRequest.newBuilder()
            .setModelName("grpc-known").setAlias("Bad Alias").setVersion(1).build()),
            Status.Code.INVALID_ARGUMENT, "alias");
    }

    static void assertStatus(Runnable call, Status.Code code, String descriptionPart) {
        Status status = assertThrows(StatusRuntimeException.class, call::run).getStatus();
        assertEquals(code, status.getCode(), () -> "status " + status);
        if (descriptionPart != null) {
            assertThat(status.getDescription(), containsString(descriptionPart));
        }
    }
}
