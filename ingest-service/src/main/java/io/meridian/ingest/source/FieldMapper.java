package io.meridian.ingest.source;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Maps what a source read (a JSON object, a database row, a CSV line as an object) onto the contract's field
 * names, the same way for every source type. Each top-level scalar of the input is taken under its own name;
 * the mapping then sets contract fields (the key) from:
 * <ul>
 * <li>{@code "order_id": "id"} or {@code {"path":"customer.id"}} — rename / JSON path ({@code items[0].sku});</li>
 * <li>{@code {"constant": "shop-eu"}} — a constant;</li>
 * <li>{@code {"timestamp":"now"}} — the time the record was read;
 *     {@code {"timestamp":"epochSeconds"|"epochMillis","path":"ts"}} — a timestamp derived from an epoch field;</li>
 * <li>{@code {"topicSegment": 1}} — a segment (0-based) of the MQTT topic / Kafka topic name split at '/'.</li>
 * </ul>
 * Values leave the mapper as text (JSON numbers and booleans as written; objects and arrays as JSON), so the
 * pipeline coerces every source's values with the same rules as CSV cells.
 */
public final class FieldMapper {
    private final Map<String, Rule> rules;

    private FieldMapper(Map<String, Rule> rules) {
        this.rules = rules;
    }

    /** A record that cannot be mapped; the source rejects (quarantines) it with this field and reason. */
    public static final class MappingException extends RuntimeException {
        private final String field;

        MappingException(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private interface Rule {
        String apply(JsonNode input, List<String> topicSegments, Supplier<Instant> now);
    }

    /** Parses and checks a mapping object; errors name {@code mapping.<field>}. */
    public static FieldMapper parse(ObjectNode mapping) {
        Map<String, Rule> rules = new LinkedHashMap<>();
        if (mapping != null) {
            mapping.fields().forEachRemaining(e -> rules.put(e.getKey(), rule("mapping." + e.getKey(), e.getKey(),
                e.getValue())));
        }
        return new FieldMapper(rules);
    }

    private static Rule rule(String field, String target, JsonNode spec) {
        try {
            if (spec.isTextual()) {
                JsonPath path = JsonPath.parse(spec.asText());
                return (in, topic, now) -> text(path.read(in));
            }
            if (!spec.isObject() || spec.size() == 0) {
                throw new ConfigException(field, "'" + field + "' must be a JSON path string or an object with "
                    + "'path', 'constant', 'timestamp' or 'topicSegment'.");
            }
            if (spec.has("constant")) {
                JsonNode constant = spec.get("constant");
                if (constant.isContainerNode()) {
                    throw new ConfigException(field, "'" + field + ".constant' must be a string, number or boolean.");
                }
                String value = text(constant);
                return (in, topic, now) -> value;
            }
            if (spec.has("topicSegment")) {
                JsonNode seg = spec.get("topicSegment");
                if (!seg.isIntegralNumber() || seg.asInt() < 0) {
                    throw new ConfigException(field, "'" + field + ".topicSegment' must be a 0-based segment index.");
                }
                int index = seg.asInt();
                return (in, topic, now) -> {
                    if (topic == null || index >= topic.size()) {
                        throw new MappingException(target, "the topic has no segment " + index);
                    }
                    return topic.get(index);
                };
            }
            if (spec.has("timestamp")) {
                String kind = spec.get("timestamp").asText();
                if (kind.equals("now")) {
                    return (in, topic, now) -> now.get().toString();
                }
                if (!kind.equals("epochSeconds") && !kind.equals("epochMillis")) {
                    throw new ConfigException(field, "'" + field + ".timestamp' must be now, epochSeconds or "
                        + "epochMillis.");
                }
                if (!spec.has("path") || !spec.get("path").isTextual()) {
                    throw new ConfigException(field, "'" + field + ".path' names the epoch field for " + kind + ".");
                }
                JsonPath path = JsonPath.parse(spec.get("path").asText());
                boolean millis = kind.equals("epochMillis");
                return (in, topic, now) -> {
                    JsonNode v = path.read(in);
                    if (v.isMissingNode() || v.isNull()) {
                        return null;
                    }
                    long epoch;
                    if (v.isIntegralNumber()) {
                        epoch = v.asLong();
                    } else if (v.isTextual() && v.asText().strip().matches("-?\\d{1,19}")) {
                        epoch = Long.parseLong(v.asText().strip());
                    } else {
                        throw new MappingException(target, "'" + path + "' is not a whole number of "
                            + (millis ? "milliseconds" : "seconds") + " since the epoch: " + abbreviate(v.toString()));
                    }
                    return (millis ? Instant.ofEpochMilli(epoch) : Instant.ofEpochSecond(epoch)).toString();
                };
            }
            if (spec.has("path") && spec.get("path").isTextual()) {
                JsonPath path = JsonPath.parse(spec.get("path").asText());
                return (in, topic, now) -> text(path.read(in));
            }
            throw new ConfigException(field, "'" + field + "' must have 'path', 'constant', 'timestamp' or "
                + "'topicSegment'.");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(field, e.getMessage());
        }
    }

    /** Maps one input; {@link MappingException} when a rule cannot be applied to it. */
    public Map<String, String> map(JsonNode input, String topic) {
        Map<String, String> out = new LinkedHashMap<>();
        if (input != null && input.isObject()) {
            input.fields().forEachRemaining(e -> out.put(e.getKey(), text(e.getValue())));
        }
        List<String> segments = topic == null ? null : List.of(topic.split("/", -1));
        Instant[] now = new Instant[1];
        Supplier<Instant> clock = () -> now[0] == null ? (now[0] = Instant.now()) : now[0];
        for (Map.Entry<String, Rule> e : rules.entrySet()) {
            out.put(e.getKey(), e.getValue().apply(input, segments, clock));
        }
        return out;
    }

    /** The contract field names the mapping sets explicitly. */
    public List<String> targets() {
        return new ArrayList<>(rules.keySet());
    }

    static String text(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return null;
        }
        if (v.isTextual()) {
            return v.asText();
        }
        if (v.isBigDecimal()) {
            return v.decimalValue().toPlainString();
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        return v.toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
