package io.meridian.ingest.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.ValidRecord;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes {@code RecordIngested} events to {@link Topics#INGEST_RECORDS} (protobuf value written by
 * {@link RecordEventEncoder}, CloudEvents binary headers, key {@code <dataset>/<record key>}) and waits until the
 * broker acknowledged them (producer {@code acks=all}).
 *
 * <p>A batch is pipelined: every record is handed to the channel's Kafka producer first, then the publisher
 * waits once for all acknowledgements. The records go to the producer of channel {@value #CHANNEL} directly
 * (configured in application.properties: acks, linger, batch size, compression) rather than through the
 * Emitter, whose per-message hops cost more than the broker round trip on a 2-core machine; the Emitter stays
 * injected so the channel, its producer and its readiness check exist. The CloudEvents headers are the ones
 * SmallRye writes in binary mode: {@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type},
 * {@code content-type}, {@code ce_time} ({@code ce_subject} is left out: it would repeat the Kafka key, and every
 * header costs the producer an encoding per record).
 */
@ApplicationScoped
public class RecordEventPublisher {
    /** Channel configured in application.properties (mp.messaging.outgoing.ingest-records.*). */
    public static final String CHANNEL = "ingest-records";

    private static final byte[] SPEC_VERSION = bytes("1.0");
    private static final byte[] TYPE = bytes(EventTypes.RECORD_INGESTED);
    private static final byte[] CONTENT_TYPE = bytes(EventTypes.PROTOBUF_CONTENT_TYPE);

    private final KafkaClientService kafka;
    private final IngestConfig config;
    private final byte[] source;
    private volatile Producer<byte[], byte[]> producer;

    public RecordEventPublisher(@Channel(CHANNEL) Emitter<byte[]> channel, KafkaClientService kafka,
        IngestConfig config) {
        // the Emitter is not used to send: injecting it keeps the outgoing channel (and its producer) wired
        this.kafka = kafka;
        this.config = config;
        this.source = bytes(config.eventSource());
    }


    /**
     * Sends one event per record, then blocks until every one is acknowledged. {@code sent} runs once every event
     * was handed to the producer, before the wait for the acknowledgements (a next batch may start sending then and
     * still come after this one on every partition).
     *
     * @throws IllegalStateException when the broker refuses or does not answer within the publish timeout
     */
    public void publishAndAwait(DatasetContract contract, UUID runId, Instant ingestedAt, List<ValidRecord> records,
        Runnable sent) {
        Producer<byte[], byte[]> out = producer();
        // no callback per record: the futures are checked once the batch is flushed (a callback and a latch
        // count-down per record cost the producer's network thread more than the check)
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        RuntimeException refused = null;
        Header time = new RecordHeader("ce_time",
            bytes(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(ingestedAt.atZone(ZoneOffset.UTC))));
        Header specVersion = new RecordHeader("ce_specversion", SPEC_VERSION);
        Header sourceHeader = new RecordHeader("ce_source", source);
        Header type = new RecordHeader("ce_type", TYPE);
        Header contentType = new RecordHeader("content-type", CONTENT_TYPE);
        RecordEventEncoder encoder = new RecordEventEncoder();
        byte[] dataset = bytes(contract.name());
        byte[] run = bytes(runId.toString());
        byte[] keyPrefix = bytes(contract.name() + "/");
        for (ValidRecord record : records) {
            byte[] recordKey = bytes(record.key());
            byte[] event = encoder.encode(dataset, contract.version(), run, recordKey, record.values(), ingestedAt,
                record.row());
            byte[] key = concat(keyPrefix, recordKey);
            // the constant headers are shared by the batch's records; ProducerRecord copies the list
            List<Header> headers = Arrays.asList(specVersion, new RecordHeader("ce_id", eventId(run, record.row())),
                sourceHeader, type, contentType, time);
            try {
                acks.add(out.send(new ProducerRecord<>(Topics.INGEST_RECORDS, null, key, event, headers)));
            } catch (RuntimeException e) {
                // the producer refused the record before sending (closed, buffer full past max.block.ms, ...)
                refused = e;
                break;
            }
        }
        // the batch is complete: send what linger.ms still holds back now instead of after the linger (a batch of
        // ten MQTT messages would otherwise wait the whole linger for nothing)
        sent.run();
        out.flush();
        if (refused != null) {
            throw new IllegalStateException("Kafka refused events of run " + runId + ": " + refused.getMessage(),
                refused);
        }
        long deadline = System.nanoTime() + config.publishTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw new IllegalStateException("Kafka refused events of run " + runId + ": "
                    + e.getCause().getMessage(), e.getCause());
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not acknowledge events of run " + runId + " within "
                    + config.publishTimeout());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
            }
        }
    }

    private Producer<byte[], byte[]> producer() {
        Producer<byte[], byte[]> p = producer;
        if (p == null) {
            p = kafka.<byte[], byte[]>getProducer(CHANNEL).unwrap();
            producer = p;
        }
        return p;
    }

    /**
     * The CloudEvents id of a record's event: {@code <run id>:<position in the run>}, unique per source, and the same
     * when a batch is sent again, so consumers can recognise a redelivered event.
     */
    static byte[] eventId(byte[] run, long row) {
        String position = Long.toString(row);
        byte[] id = new byte[run.length + 1 + position.length()];
        System.arraycopy(run, 0, id, 0, run.length);
        id[run.length] = ':';
        for (int i = 0; i < position.length(); i++) {
            id[run.length + 1 + i] = (byte) position.charAt(i);
        }
        return id;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
