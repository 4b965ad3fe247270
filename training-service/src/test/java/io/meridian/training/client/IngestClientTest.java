package io.meridian.training.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.meridian.ingest.v1.IngestServiceGrpc;
import io.meridian.training.FakeNeighbours;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.service.JobFailure;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * {@link IngestClient} against the fake ingest-service, which wants {@link FakeNeighbours#INGEST_TOKEN} on every
 * call as the real one wants a reader token: the configured token is sent, and a missing or wrong one fails the read
 * with a reason that names the setting.
 */
class IngestClientTest {
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("localhost", FakeNeighbours.start().ingestPort()).usePlaintext()
            .build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    /** The client as training-service builds it, with {@code meridian.training.ingest-token} = {@code token}. */
    private IngestClient client(String token) {
        Map<String, String> properties = new HashMap<>();
        if (token != null) {
            properties.put("meridian.training.ingest-token", token);
        }
        // Quarkus' converter reads the "120s" style the defaults use
        TrainingConfig config = new SmallRyeConfigBuilder().withMapping(TrainingConfig.class)
            .withConverter(Duration.class, 100, new DurationConverter())
            .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
            .getConfigMapping(TrainingConfig.class);
        return new IngestClient(IngestServiceGrpc.newBlockingStub(channel), config);
    }

    @Test
    void sendsTheConfiguredToken() {
        IngestClient client = client(FakeNeighbours.INGEST_TOKEN);
        assertEquals("customer_id", client.contract("churn").getKeyField());
        assertEquals(FakeNeighbours.CHURN_ROWS, client.read("churn").rows().size());
    }

    @Test
    void aMissingOrWrongTokenFailsTheReadNamingTheSetting() {
        for (String token : new String[] {null, "not-the-token"}) {
            IngestClient client = client(token);
            JobFailure contract = assertThrows(JobFailure.class, () -> client.contract("churn"));
            assertTrue(contract.getMessage().contains("meridian.training.ingest-token"), contract.getMessage());
            assertTrue(contract.getMessage().contains("UNAUTHENTICATED"), contract.getMessage());
            JobFailure read = assertThrows(JobFailure.class, () -> client.read("churn"));
            assertTrue(read.getMessage().contains("meridian.training.ingest-token"), read.getMessage());
        }
    }
}
