package io.meridian.registry.messaging;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import io.meridian.contracts.EventTypes;
import io.meridian.registry.config.RegistryConfig;
import io.meridian.registry.repository.RegistryRepository;
import io.meridian.registry.repository.RegistryRepository.OutboxEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Publishes the transactional outbox to Kafka: protobuf values, key = model name, CloudEvents binary
 * headers with {@code ce_id} = the outbox event id. Runs on a schedule and right after each commit.
 * Events go out oldest first; a failed send is logged, counted
 * ({@code meridian_registry_event_publish_failures_total}), recorded on the row and retried on the next
 * pass, and later events wait behind it so the per-model order holds. Delivery is at-least-once.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final DataSource dataSource;
    private final RegistryRepository repository;
    private final MutinyEmitter<byte[]> emitter;
    private final RegistryConfig config;
    private final URI source;
    private final Counter failures;
    private final ReentrantLock running = new ReentrantLock();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "registry-outbox-relay");
        t.setDaemon(true);
        return t;
    });

    public OutboxRelay(DataSource dataSource, RegistryRepository repository,
        @Channel("registry-events") MutinyEmitter<byte[]> emitter, RegistryConfig config, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.emitter = emitter;
        this.config = config;
        this.source = URI.create(config.eventSource());
        this.failures = meters.counter("meridian.registry.event.publish.failures");
        meters.gauge("meridian.registry.outbox.pending.events", this, OutboxRelay::pendingOrNaN);
    }

    /** Publishes soon, without blocking the caller (called after a commit). */
    public void wake() {
        try {
            waker.execute(this::publishPending);
        } catch (RejectedExecutionException e) {
            LOG.debug("outbox relay is shutting down; the scheduler will publish the event");
        }
    }

    @Scheduled(every = "${meridian.registry.outbox.poll-interval:1s}",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
        skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void poll() {
        publishPending();
    }

    /** One relay pass; returns how many events were published. Concurrent passes in this JVM are skipped. */
    public int publishPending() {
        if (!running.tryLock()) {
            return 0;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            int published = 0;
            try {
                List<OutboxEvent> events = repository.lockPendingEvents(c, config.outbox().batchSize());
                for (OutboxEvent event : events) {
                    try {
                        emitter.sendMessage(message(event)).await().atMost(config.outbox().sendTimeout());
                    } catch (RuntimeException e) {
                        failures.increment();
                        String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
                        LOG.warnf("event not published (will retry): id=%s type=%s key=%s attempt=%d reason=%s",
                            event.eventId(), event.type(), event.key(), event.attempts() + 1, reason);
                        repository.markFailed(c, event.id(), reason);
                        break;
                    }
                    repository.markSent(c, event.id());
                    published++;
                    LOG.debugf("event published: id=%s type=%s key=%s", event.eventId(), event.type(), event.key());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return published;
        } catch (SQLException e) {
            LOG.warnf("outbox relay pass failed: %s", e.getMessage());
            return 0;
        } finally {
            running.unlock();
        }
    }

    private Message<byte[]> message(OutboxEvent event) {
        OutgoingKafkaRecordMetadata<String> kafka = OutgoingKafkaRecordMetadata.<String>builder()
            .withTopic(event.topic())
            .withKey(event.key())
            .build();
        OutgoingCloudEventMetadata<byte[]> ce = OutgoingCloudEventMetadata.<byte[]>builder()
            .withId(event.eventId().toString())
            .withType(event.type())
            .withSource(source)
            .withTimestamp(event.createdAt().atZone(ZoneOffset.UTC))
            .withDataContentType(EventTypes.PROTOBUF_CONTENT_TYPE)
            .build();
        return Message.of(event.payload()).addMetadata(kafka).addMetadata(ce);
    }

    private double pendingOrNaN() {
        try (Connection c = dataSource.getConnection()) {
            return repository.countPendingEvents(c);
        } catch (SQLException | RuntimeException e) {
            return Double.NaN;
        }
    }

    @PreDestroy
    void stop() {
        waker.shutdownNow();
    }
}
