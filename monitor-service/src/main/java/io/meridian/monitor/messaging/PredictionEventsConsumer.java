package io.meridian.monitor.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.PredictionMade;
import io.meridian.monitor.service.PredictionStats;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Consumes {@code PredictionMade} from {@code meridian.inference.predictions.v1}. Records with another or no
 * {@code ce_type}, or a payload that does not parse, are skipped and counted in
 * {@code meridian_monitor_events_skipped_total{reason}}; the consumer never stops on them.
 */
@ApplicationScoped
public class PredictionEventsConsumer {
    private static final Logger LOG = Logger.getLogger(PredictionEventsConsumer.class);

    private final PredictionStats stats;
    private final MeterRegistry meters;

    public PredictionEventsConsumer(PredictionStats stats, MeterRegistry meters) {
        this.stats = stats;
        this.meters = meters;
    }

    @Incoming("predictions")
    public void consume(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null || !EventTypes.PREDICTION_MADE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            skip(record, "wrong_type", type == null ? "no ce_type header"
                : "ce_type " + new String(type.value(), StandardCharsets.UTF_8));
            return;
        }
        PredictionMade event;
        try {
            event = PredictionMade.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            skip(record, "unparsable", e.getMessage());
            return;
        }
        if (event.getModelName().isEmpty() || event.getModelVersion() <= 0 || !Double.isFinite(event.getScore())) {
            skip(record, "invalid", "missing model name, version or score");
            return;
        }
        Instant predictedAt = event.hasPredictedAt()
            ? Instant.ofEpochSecond(event.getPredictedAt().getSeconds(), event.getPredictedAt().getNanos())
            : Instant.ofEpochMilli(record.timestamp());
        stats.record(event.getModelName(), event.getModelVersion(), event.getScore(), predictedAt);
    }

    private void skip(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        meters.counter("meridian.monitor.events.skipped", "reason", reason).increment();
        LOG.warnf("skipping record %s-%d@%d (%s): %s", record.topic(), record.partition(), record.offset(), reason,
            detail);
    }
}
