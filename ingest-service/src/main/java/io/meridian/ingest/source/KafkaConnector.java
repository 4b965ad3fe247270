package io.meridian.ingest.source;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.model.RunSummary;

/**
 * Consumes an external Kafka topic with a plain {@link KafkaConsumer} (auto-commit off). Each poll's records
 * are one run; offsets are committed ({@code commitSync}) only after {@code run.finish()}, i.e. after every
 * record was stored or quarantined — a failure before that re-reads the batch (at-least-once). Values are a
 * JSON object ({@code "format":"json"}) or a CSV line split into {@code columns} ({@code "format":"csv"});
 * anything else is quarantined with coordinates {@code topic-partition@offset}. The lag (records behind the end
 * of the assigned partitions) is exported as {@code meridian_ingest_source_lag_records}.
 */
final class KafkaConnector implements Connector {
    record Settings(List<String> topics, String bootstrapServers, String groupId, String format, List<String> columns,
        char delimiter, int maxPollRecords, long pollMs, String autoOffsetReset,
        Map<String, SourceConfig.EnvValue> properties) {

        static Settings parse(SourceConfig c, String sourceName) {
            String format = c.string("format", "json");
            if (!format.equals("json") && !format.equals("csv")) {
                throw new ConfigException(c.field("format"), "'config.format' must be json or csv.");
            }
            List<String> columns = format.equals("csv") ? c.strings("columns") : List.of();
            String delimiter = c.string("delimiter", ",");
            if (delimiter.length() != 1 || delimiter.charAt(0) == '"') {
                throw new ConfigException(c.field("delimiter"), "'config.delimiter' must be one character other than \".");
            }
            String reset = c.string("autoOffsetReset", "earliest");
            if (!reset.equals("earliest") && !reset.equals("latest")) {
                throw new ConfigException(c.field("autoOffsetReset"), "'config.autoOffsetReset' must be earliest or latest.");
            }
            return new Settings(c.strings("topics"), c.string("bootstrapServers", null),
                c.string("groupId", "meridian-ingest-source-" + sourceName), format, columns, delimiter.charAt(0),
                (int) c.number("maxPollRecords", 500, 1, 100_000), c.number("pollMs", 1000, 10, 60_000), reset,
                c.object("properties").envValues());
        }
    }

    private final Settings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;

    KafkaConnector(SourceContext context) {
        this.settings = Settings.parse(context.config(), context.source().name());
        Properties props = new Properties();
        settings.properties().forEach((k, v) -> props.put(k, v.resolve(context.secrets())));
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers() != null
            ? settings.bootstrapServers()
            : ConfigProvider.getConfig().getOptionalValue("kafka.bootstrap.servers", String.class)
                .orElse("localhost:9092"));
        props.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "meridian-ingest-source-" + context.source().name());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, settings.autoOffsetReset());
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(settings.topics());
    }

    @Override
    public boolean poll(SourceContext context) {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = consumer.poll(Duration.ofMillis(settings.pollMs()));
        } catch (WakeupException e) {
            return false;
        }
        if (records.isEmpty()) {
            context.lag(lag());
            return false;
        }
        SourceRun run = context.startRun();
        Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String coordinates = r.topic() + "-" + r.partition() + "@" + r.offset();
            commit.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            String text;
            try {
                text = r.value() == null ? null : StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(r.value())).toString();
            } catch (CharacterCodingException e) {
                run.reject(coordinates, new String(r.value(), StandardCharsets.UTF_8), "", "the value is not valid UTF-8");
                continue;
            }
            if (text == null || text.isBlank()) {
                run.reject(coordinates, text, "", "the value is empty");
            } else if (settings.format().equals("json")) {
                JsonNode node;
                try {
                    node = context.json().readTree(text);
                } catch (Exception e) {
                    run.reject(coordinates, text, "", "the value is not JSON: " + firstLine(e.getMessage()));
                    continue;
                }
                run.offer(coordinates, node, r.topic(), text);
            } else {
                try {
                    List<String> cells = CsvLine.split(text, settings.delimiter());
                    if (cells.size() != settings.columns().size()) {
                        run.reject(coordinates, text, "", "expected " + settings.columns().size()
                            + " columns (" + String.join(",", settings.columns()) + ") but found " + cells.size());
                        continue;
                    }
                    ObjectNode node = context.json().createObjectNode();
                    for (int i = 0; i < cells.size(); i++) {
                        node.put(settings.columns().get(i), cells.get(i));
                    }
                    run.offer(coordinates, node, r.topic(), text);
                } catch (IllegalArgumentException e) {
                    run.reject(coordinates, text, "", e.getMessage());
                }
            }
        }
        RunSummary summary = context.finishRun();
        consumer.commitSync(commit);
        ObjectNode position = context.position();
        ObjectNode offsets = position.has("offsets") && position.get("offsets").isObject()
            ? (ObjectNode) position.get("offsets") : position.putObject("offsets");
        commit.forEach((tp, om) -> offsets.put(tp.topic() + "-" + tp.partition(), om.offset()));
        context.completed(summary, position);
        context.lag(lag());
        return true;
    }

    private long lag() {
        long lag = 0;
        for (TopicPartition tp : consumer.assignment()) {
            OptionalLong l = consumer.currentLag(tp);
            if (l.isPresent()) {
                lag += l.getAsLong();
            }
        }
        return lag;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    @Override
    public long idleMillis() {
        return 0;
    }

    @Override
    public void wakeup() {
        consumer.wakeup();
    }

    @Override
    public void close() {
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            // closing after a wakeup or a broker failure: nothing more to release
        }
    }
}
