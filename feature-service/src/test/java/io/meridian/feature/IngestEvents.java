package io.meridian.feature;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import com.google.protobuf.Timestamp;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.events.v1.RecordIngested;
import io.meridian.testing.SharedInfra;

/** Produces RecordIngested events to the real embedded broker, as ingest-service does. */
final class IngestEvents {
    private static KafkaProducer<String, byte[]> producer;

    private IngestEvents() {
    }

    static RecordIngested event(String dataset, String runId, long rowNumber, String key, Instant ingestedAt,
            Map<String, Value> values) {
        return RecordIngested.newBuilder().setDataset(dataset).setContractVersion(1).setRunId(runId)
                .setRecordKey(key).setRowNumber(rowNumber).setIngestedAt(timestamp(ingestedAt))
                .setRecord(Record.newBuilder().putAllFields(values)).build();
    }

    /** Sends a RecordIngested with proper CloudEvents headers and key, waiting for the broker's ack. */
    static void send(RecordIngested event) {
        send(event.getDataset() + "/" + event.getRecordKey(), EventTypes.RECORD_INGESTED, event.toByteArray());
    }

    /** Sends any payload under any ce_type (for the skip paths). */
    static void send(String key, String ceType, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INGEST_RECORDS, key, payload);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_type", ceType);
        header(record, "ce_source", "/meridian/ingest-service");
        header(record, "ce_time", Instant.now().toString());
        header(record, "content-type", EventTypes.PROTOBUF_CONTENT_TYPE);
        try {
            producer().send(record).get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not produce to " + Topics.INGEST_RECORDS, e);
        }
    }

    static Value str(String s) {
        return Value.newBuilder().setStringValue(s).build();
    }

    static Value integer(long i) {
        return Value.newBuilder().setIntValue(i).build();
    }

    static Value dbl(double d) {
        return Value.newBuilder().setDoubleValue(d).build();
    }

    static Value bool(boolean b) {
        return Value.newBuilder().setBoolValue(b).build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            // compressed as ingest-service sends them
            props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            producer = new KafkaProducer<>(props);
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "close-test-producer"));
        }
        return producer;
    }
}
