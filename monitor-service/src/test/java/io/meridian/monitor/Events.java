package io.meridian.monitor;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.google.protobuf.Timestamp;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.PredictionMade;

/** Produces records on the real predictions topic the way inference-service does. */
final class Events {
    private Events() {
    }

    static PredictionMade prediction(String model, long version, double score, Instant at) {
        return PredictionMade.newBuilder().setPredictionId(UUID.randomUUID().toString()).setModelName(model)
            .setModelVersion(version).setScore(score).setLabel(score >= 0.5 ? "true" : "false")
            .setPredictedAt(Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano()))
            .setLatencyMicros(120).build();
    }

    /** Sends each payload with the given ce_type (null = no ce headers at all) and waits for the broker. */
    static void send(String key, String ceType, byte[]... payloads) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            for (byte[] payload : payloads) {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.INFERENCE_PREDICTIONS, key, payload);
                if (ceType != null) {
                    record.headers()
                        .add("ce_specversion", bytes("1.0"))
                        .add("ce_id", bytes(UUID.randomUUID().toString()))
                        .add("ce_type", bytes(ceType))
                        .add("ce_source", bytes("/meridian/inference-service"))
                        .add("ce_time", bytes(Instant.now().toString()));
                }
                producer.send(record);
            }
            producer.flush();
        }
    }

    static void sendPredictions(PredictionMade... events) {
        for (PredictionMade event : events) {
            send(event.getModelName(), EventTypes.PREDICTION_MADE, event.toByteArray());
        }
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

}
