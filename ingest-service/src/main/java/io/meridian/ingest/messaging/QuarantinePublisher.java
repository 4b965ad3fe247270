package io.meridian.ingest.messaging;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.RecordQuarantined;
import io.meridian.events.v1.RuleViolation;
import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.ProtoValues;
import io.meridian.ingest.repository.QuarantineRepository.NewQuarantine;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes {@code RecordQuarantined} events to {@link Topics#INGEST_QUARANTINE} (protobuf, CloudEvents binary
 * headers, key {@code <dataset>/<run id>}) and waits for the broker's acknowledgements (acks=all), like the
 * dead-letter queue of Kafka Connect but with every failed rule and the source coordinates.
 */
@ApplicationScoped
public class QuarantinePublisher {
    /** Channel configured in application.properties (mp.messaging.outgoing.ingest-quarantine.*). */
    public static final String CHANNEL = "ingest-quarantine";

    private final Emitter<byte[]> emitter;
    private final IngestConfig config;
    private final URI source;

    public QuarantinePublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
        Emitter<byte[]> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.eventSource());
    }

    /** Sends one event per quarantined record ({@code ids} in the order of {@code items}) and awaits the acks. */
    public void publishAndAwait(String dataset, int contractVersion, UUID runId, String runSource, Instant at,
        List<NewQuarantine> items, List<Long> ids) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(items.size());
        String key = dataset + "/" + runId;
        for (int i = 0; i < items.size(); i++) {
            NewQuarantine q = items.get(i);
            RecordQuarantined.Builder event = RecordQuarantined.newBuilder()
                .setDataset(dataset)
                .setContractVersion(contractVersion)
                .setRunId(runId.toString())
                .setQuarantineId(i < ids.size() ? ids.get(i) : 0)
                .setPosition(q.position())
                .setCoordinates(q.coordinates() == null ? "" : q.coordinates())
                .setPayload(q.payload() == null ? "" : q.payload())
                .setQuarantinedAt(ProtoValues.toTimestamp(at))
                .setSource(runSource);
            q.violations().forEach(v -> event.addViolations(RuleViolation.newBuilder()
                .setField(v.field()).setRule(v.rule()).setMessage(v.message())));
            CompletableFuture<Void> ack = new CompletableFuture<>();
            Metadata metadata = Metadata.of(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withTopic(Topics.INGEST_QUARANTINE).build(),
                OutgoingCloudEventMetadata.builder()
                    .withId(UUID.randomUUID().toString())
                    .withType(EventTypes.RECORD_QUARANTINED)
                    .withSource(source)
                    .withSubject(key)
                    .withDataContentType(EventTypes.PROTOBUF_CONTENT_TYPE)
                    .withTimestamp(at.atZone(ZoneOffset.UTC))
                    .build());
            emitter.send(KafkaAcks.message(event.build().toByteArray(), metadata, ack));
            acks.add(ack);
        }
        KafkaAcks.await(acks, config, "quarantine events of run " + runId);
    }
}
