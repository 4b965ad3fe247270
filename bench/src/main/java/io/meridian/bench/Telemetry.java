package io.meridian.bench;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Seeded MQTT telemetry for {@link MqttBenchmark}: message {@code i} comes from device {@code dev-(i % devices)}
 * and is a JSON object {@code {"seq":i,"ts":<epoch ms>,"temperature":..,"humidity":..,"pressure":..}} with
 * readings inside the {@link #CONTRACT}'s ranges. A fixed share is deliberately invalid, alternating between
 * a payload that is not JSON ({@code seq=i;temperature=..}) and a humidity above the contract's maximum of 100;
 * both carry {@code seq} so a subscriber can tell which messages arrived.
 */
final class Telemetry {
    /** Contract of the telemetry dataset: device (from the topic) and sequence number as the key. */
    static final String CONTRACT = """
        {"fields":[
          {"name":"device_id","type":"string","required":true},
          {"name":"seq","type":"integer","required":true,"min":0},
          {"name":"ts","type":"timestamp","required":true},
          {"name":"temperature","type":"decimal","required":true,"min":-40,"max":125},
          {"name":"humidity","type":"decimal","required":true,"min":0,"max":100},
          {"name":"pressure","type":"decimal","required":true,"min":800,"max":1200}],
         "key":["device_id","seq"]}""";
    /** Maps the topic's second segment to device_id and the epoch-millisecond {@code ts} to a timestamp. */
    static final String MAPPING = """
        {"device_id":{"topicSegment":1},"ts":{"timestamp":"epochMillis","path":"ts"}}""";
    private static final long EPOCH_MS = 1_700_000_000_000L;

    private final byte[][] payloads;
    private final String[] devices;
    private final int nonJson;
    private final int outOfRange;
    private final long bytes;

    private Telemetry(byte[][] payloads, String[] devices, int nonJson, int outOfRange, long bytes) {
        this.payloads = payloads;
        this.devices = devices;
        this.nonJson = nonJson;
        this.outOfRange = outOfRange;
        this.bytes = bytes;
    }

    /**
     * Generates {@code count} messages over {@code deviceCount} devices; every {@code round(100 / invalidPercent)}-th
     * message is invalid (none when {@code invalidPercent} is 0).
     */
    static Telemetry generate(int count, int deviceCount, double invalidPercent, long seed) {
        if (count < 1 || deviceCount < 1 || invalidPercent < 0 || invalidPercent > 50) {
            throw new IllegalArgumentException("need messages >= 1, devices >= 1 and 0 <= invalid-percent <= 50");
        }
        SplittableRandom random = new SplittableRandom(seed);
        String[] devices = new String[deviceCount];
        for (int d = 0; d < deviceCount; d++) {
            devices[d] = String.format(Locale.ROOT, "dev-%04d", d);
        }
        long stride = invalidPercent == 0 ? Long.MAX_VALUE : Math.max(2, Math.round(100 / invalidPercent));
        byte[][] payloads = new byte[count][];
        int nonJson = 0;
        int outOfRange = 0;
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            double temperature = -10 + random.nextDouble() * 50;
            double humidity = 20 + random.nextDouble() * 70;
            double pressure = 980 + random.nextDouble() * 60;
            String text;
            if (i % stride == stride / 2 && (nonJson + outOfRange) % 2 == 0) {
                text = String.format(Locale.ROOT, "seq=%d;temperature=%.2f", i, temperature);
                nonJson++;
            } else {
                if (i % stride == stride / 2) {
                    humidity = 100.5 + random.nextDouble() * 50;
                    outOfRange++;
                }
                text = String.format(Locale.ROOT,
                    "{\"seq\":%d,\"ts\":%d,\"temperature\":%.2f,\"humidity\":%.2f,\"pressure\":%.1f}", i,
                    EPOCH_MS + i * 100L, temperature, humidity, pressure);
            }
            payloads[i] = text.getBytes(StandardCharsets.UTF_8);
            bytes += payloads[i].length;
        }
        return new Telemetry(payloads, devices, nonJson, outOfRange, bytes);
    }

    int count() {
        return payloads.length;
    }

    byte[] payload(int i) {
        return payloads[i];
    }

    /** The device of message {@code i}. */
    String device(int i) {
        return devices[i % devices.length];
    }

    /** {@code prefix/<device>/telemetry}, e.g. {@code devices/dev-0007/telemetry}. */
    String topic(String prefix, int i) {
        return prefix + "/" + device(i) + "/telemetry";
    }

    int deviceCount() {
        return devices.length;
    }

    int nonJson() {
        return nonJson;
    }

    int outOfRange() {
        return outOfRange;
    }

    /** Messages that must be quarantined. */
    int invalid() {
        return nonJson + outOfRange;
    }

    double meanPayloadBytes() {
        return (double) bytes / payloads.length;
    }

    /** The sequence number a payload carries ({@code "seq":n} or {@code seq=n}), or -1. */
    static int seqOf(byte[] payload) {
        for (int i = 0; i + 3 < payload.length; i++) {
            if (payload[i] == 's' && payload[i + 1] == 'e' && payload[i + 2] == 'q') {
                int j = i + 3;
                while (j < payload.length && (payload[j] < '0' || payload[j] > '9')) {
                    j++;
                }
                long value = 0;
                int start = j;
                while (j < payload.length && payload[j] >= '0' && payload[j] <= '9' && value <= Integer.MAX_VALUE) {
                    value = value * 10 + (payload[j] - '0');
                    j++;
                }
                return j > start && value <= Integer.MAX_VALUE ? (int) value : -1;
            }
        }
        return -1;
    }
}
