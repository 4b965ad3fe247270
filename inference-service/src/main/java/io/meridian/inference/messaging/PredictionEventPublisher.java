package io.meridian.inference.messaging;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.CompletableFuture;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.PredictionMade;
import io.meridian.inference.model.Prediction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishes one {@code PredictionMade} per served prediction (per row of a batch) on {@code meridian.inference.predictions.v1}
 * (protobuf, CloudEvents binary-mode headers, key = model name). Fire and forget: the request never waits for the
 * broker; a failed or rejected send is logged and counted in {@code meridian_inference_prediction_events_failed_total}.
 */
@ApplicationScoped
public class PredictionEventPublisher {
    private static final Logger LOG = Logger.getLogger(PredictionEventPublisher.class);
    static final String SOURCE = "/meridian/inference-service";

    private final Emitter<byte[]> emitter;
    private final Counter failed;

    public PredictionEventPublisher(@Channel("predictions") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 4096) Emitter<byte[]> emitter, MeterRegistry meters) {
        this.emitter = emitter;
        this.failed = Counter.builder("meridian.inference.prediction.events.failed")
            .description("PredictionMade events that could not be handed to or written by Kafka").register(meters);
    }

    /** Sends the event without waiting for the broker. */
    public void publish(Prediction prediction) {
        PredictionMade.Builder event = PredictionMade.newBuilder()
            .setPredictionId(prediction.predictionId())
            .setModelName(prediction.modelName())
            .setModelVersion(prediction.modelVersion())
            .putAllFeatures(prediction.features())
            .setScore(prediction.score())
            .setPredictedAt(Timestamp.newBuilder().setSeconds(prediction.predictedAt().getEpochSecond())
                .setNanos(prediction.predictedAt().getNano()))
            .setLatencyMicros(prediction.latencyMicros());
        if (prediction.label() != null) { // regression models have none
            event.setLabel(prediction.label());
        }
        if (prediction.requestId() != null) {
            event.setRequestId(prediction.requestId());
        }
        if (prediction.entityKey() != null) {
            event.setEntityKey(prediction.entityKey());
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", prediction.predictionId());
        header(headers, "ce_type", EventTypes.PREDICTION_MADE);
        header(headers, "ce_source", SOURCE);
        header(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(prediction.predictedAt()));
        header(headers, "content-type", EventTypes.PROTOBUF_CONTENT_TYPE);
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(prediction.modelName()).withHeaders(headers).build();
        Message<byte[]> message = Message.of(event.build().toByteArray(), Metadata.of(kafka))
            .withNack(error -> {
                failed.increment();
                LOG.warnf("PredictionMade %s for model %s v%d not written: %s", prediction.predictionId(),
                    prediction.modelName(), prediction.modelVersion(), error.getMessage());
                return CompletableFuture.completedFuture(null);
            });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warnf("PredictionMade %s for model %s v%d dropped: %s", prediction.predictionId(),
                prediction.modelName(), prediction.modelVersion(), e.getMessage());
        }
    }

    private static void header(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
