package io.meridian.ingest.messaging;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.RecordIngested;
import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.ProtoValues;
import io.meridian.ingest.model.ValidRecord;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes {@code RecordIngested} events to {@link Topics#INGEST_RECORDS} (protobuf value, CloudEvents
 * binary headers, key {@code <dataset>/<record key>}) and waits until the broker acknowledged them
 * (producer {@code acks=all}).
 */
@ApplicationScoped
public class RecordEventPublisher {
    /** Channel configured in application.properties (mp.messaging.outgoing.ingest-records.*). */
    public static final String CHANNEL = "ingest-records";

    private final Emitter<byte[]> emitter;
    private final IngestConfig config;
    private final URI source;

    public RecordEventPublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 8192)
        Emitter<byte[]> emitter, IngestConfig config) {
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.eventSource());
    }

    /** The Kafka record key of a record: {@code <dataset>/<record key>}. */
    public static String eventKey(String dataset, String recordKey) {
        return dataset + "/" + recordKey;
    }

    /**
     * Sends one event per record and blocks until every one is acknowledged.
     *
     * @throws IllegalStateException when the broker refuses or does not answer within the publish timeout
     */
    public void publishAndAwait(DatasetContract contract, UUID runId, Instant ingestedAt, List<ValidRecord> records) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(records.size());
        for (ValidRecord record : records) {
            RecordIngested event = RecordIngested.newBuilder()
                .setDataset(contract.name())
                .setContractVersion(contract.version())
                .setRunId(runId.toString())
                .setRecordKey(record.key())
                .setRecord(ProtoValues.toRecord(record.values()))
                .setIngestedAt(ProtoValues.toTimestamp(ingestedAt))
                .setRowNumber(record.row())
                .build();
            String key = eventKey(contract.name(), record.key());
            CompletableFuture<Void> ack = new CompletableFuture<>();
            Metadata metadata = Metadata.of(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(key).withTopic(Topics.INGEST_RECORDS).build(),
                OutgoingCloudEventMetadata.builder()
                    .withId(UUID.randomUUID().toString())
                    .withType(EventTypes.RECORD_INGESTED)
                    .withSource(source)
                    .withSubject(key)
                    .withDataContentType(EventTypes.PROTOBUF_CONTENT_TYPE)
                    .withTimestamp(ingestedAt.atZone(ZoneOffset.UTC))
                    .build());
            emitter.send(Message.of(event.toByteArray(), metadata,
                () -> {
                    ack.complete(null);
                    return CompletableFuture.completedFuture(null);
                },
                failure -> {
                    ack.completeExceptionally(failure);
                    return CompletableFuture.completedFuture(null);
                }));
            acks.add(ack);
        }
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused events of run " + runId + ": " + e.getCause().getMessage(),
                e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge events of run " + runId + " within "
                + config.publishTimeout(), e);
        }
    }
}
