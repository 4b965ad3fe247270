package io.meridian.registry;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.meridian.contracts.Topics;
import io.meridian.testing.SharedInfra;

/** A plain Kafka consumer of meridian.registry.events.v1 that keeps every record it has seen. */
final class RegistryEventsConsumer implements AutoCloseable {
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    RegistryEventsConsumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfra.kafka().bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "registry-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(Topics.REGISTRY_EVENTS));
    }

    /** Polls once and returns every record seen so far with this key and ce_type. */
    List<ConsumerRecord<String, byte[]>> poll(String key, String type) {
        consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        return seen.stream().filter(r -> key.equals(r.key()) && type.equals(header(r, "ce_type"))).toList();
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
