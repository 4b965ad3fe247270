package io.meridian.training.messaging;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.TrainingJobEvent;
import io.meridian.training.model.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes a {@code TrainingJobEvent} on {@code meridian.training.jobs.v1} for every state or progress change of
 * a job (protobuf, CloudEvents binary-mode headers, key = job id). Fire and forget: a job never waits for the
 * broker; a failed send is logged and counted in {@code meridian_training_job_events_failed_total}. One job's
 * events share a key, so they stay in order on one partition.
 */
@ApplicationScoped
public class JobEventPublisher {
    /** CloudEvents {@code ce_type} of the event. */
    public static final String TYPE = EventTypes.TRAINING_JOB;
    static final String SOURCE = "/meridian/training-service";
    private static final Logger LOG = Logger.getLogger(JobEventPublisher.class);

    private final Emitter<byte[]> emitter;
    private final Counter failed;

    public JobEventPublisher(@Channel("training-jobs") @OnOverflow(value = OnOverflow.Strategy.BUFFER,
            bufferSize = 4096) Emitter<byte[]> emitter, MeterRegistry meters) {
        this.emitter = emitter;
        this.failed = Counter.builder("meridian.training.job.events.failed")
            .description("TrainingJobEvents that could not be handed to or written by Kafka").register(meters);
    }

    public void publish(Job job) {
        TrainingJobEvent.Builder event = TrainingJobEvent.newBuilder()
            .setJobId(job.id())
            .setState(job.state().name())
            .setProgress(job.progress())
            .setAlgorithm(job.spec().algorithm())
            .setDataset(job.spec().source())
            .setModelName(job.spec().modelName())
            .putAllMetrics(job.metrics())
            .setChangedAt(Timestamp.newBuilder().setSeconds(job.updatedAt().getEpochSecond())
                .setNanos(job.updatedAt().getNano()));
        if (job.message() != null) {
            event.setMessage(job.message());
        }
        if (job.failureReason() != null) {
            event.setFailureReason(job.failureReason());
        }
        if (job.modelVersion() != null) {
            event.setModelVersion(job.modelVersion());
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", UUID.randomUUID().toString());
        header(headers, "ce_type", TYPE);
        header(headers, "ce_source", SOURCE);
        header(headers, "ce_subject", job.id());
        header(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(job.updatedAt()));
        header(headers, "content-type", EventTypes.PROTOBUF_CONTENT_TYPE);
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
            .withKey(job.id()).withHeaders(headers).build();
        Message<byte[]> message = Message.of(event.build().toByteArray(), Metadata.of(kafka))
            .withNack(error -> {
                failed.increment();
                LOG.warnf("TrainingJobEvent of job %s (%s) not written: %s", job.id(), job.state(),
                    error.getMessage());
                return CompletableFuture.completedFuture(null);
            });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.warnf("TrainingJobEvent of job %s (%s) dropped: %s", job.id(), job.state(), e.getMessage());
        }
    }

    private static void header(RecordHeaders headers, String key, String value) {
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }
}
