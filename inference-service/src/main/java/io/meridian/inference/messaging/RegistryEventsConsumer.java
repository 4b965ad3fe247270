package io.meridian.inference.messaging;

import java.nio.charset.StandardCharsets;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.google.protobuf.InvalidProtocolBufferException;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.AliasChanged;
import io.meridian.inference.config.InferenceConfig;
import io.meridian.inference.service.ModelManager;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Hot-swaps models on {@code AliasChanged} events of {@code meridian.registry.events.v1} for the serving alias (for
 * any model, loaded or not). Other event types are skipped. A failed swap is logged and the previous version keeps
 * serving; the background refresh in {@link ModelManager} retries it.
 */
@ApplicationScoped
public class RegistryEventsConsumer {
    private static final Logger LOG = Logger.getLogger(RegistryEventsConsumer.class);

    private final ModelManager models;
    private final InferenceConfig config;
    private final MeterRegistry meters;

    public RegistryEventsConsumer(ModelManager models, InferenceConfig config, MeterRegistry meters) {
        this.models = models;
        this.config = config;
        this.meters = meters;
    }

    @Incoming("registry-events")
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader("ce_type");
        if (type == null || !EventTypes.ALIAS_CHANGED.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            count("ignored");
            return;
        }
        AliasChanged event;
        try {
            event = AliasChanged.parseFrom(record.value() == null ? new byte[0] : record.value());
        } catch (InvalidProtocolBufferException e) {
            LOG.warnf("skipping unparsable AliasChanged at %s-%d@%d: %s", record.topic(), record.partition(),
                record.offset(), e.getMessage());
            count("unparsable");
            return;
        }
        if (!config.servingAlias().equals(event.getAlias())) {
            count("ignored");
            return;
        }
        LOG.infof("alias %s of model %s moved to v%d (from v%d by %s)", event.getAlias(), event.getModelName(),
            event.getVersion(), event.getPreviousVersion(), event.getChangedBy());
        try {
            count(models.switchTo(event.getModelName(), event.getVersion()) ? "swapped" : "unchanged");
        } catch (RuntimeException e) {
            count("failed");
            LOG.errorf("swap of model %s to v%d failed, previous version keeps serving: %s", event.getModelName(),
                event.getVersion(), e.getMessage());
        }
    }

    private void count(String outcome) {
        meters.counter("meridian.inference.registry.events", "outcome", outcome).increment();
    }
}
