package io.meridian.ingest.messaging;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;

import io.meridian.ingest.config.IngestConfig;

/** Emitter messages whose broker acknowledgement the sender waits for (acks=all channels). */
final class KafkaAcks {
    private KafkaAcks() {
    }

    /** A message that completes {@code ack} when the broker acknowledges it, or fails it with the nack's cause. */
    static <T> Message<T> message(T payload, Metadata metadata, CompletableFuture<Void> ack) {
        return Message.of(payload, metadata,
            () -> {
                ack.complete(null);
                return CompletableFuture.completedFuture(null);
            },
            failure -> {
                ack.completeExceptionally(failure);
                return CompletableFuture.completedFuture(null);
            });
    }

    /** Waits up to {@code meridian.ingest.publish-timeout} for every acknowledgement; throws naming {@code what}. */
    static void await(List<CompletableFuture<Void>> acks, IngestConfig config, String what) {
        try {
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new))
                .get(config.publishTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka acknowledgements", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused " + what + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge " + what + " within " + config.publishTimeout(),
                e);
        }
    }
}
