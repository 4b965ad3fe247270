package io.meridian.ingest.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import io.meridian.events.v1.RecordIngested;
import io.meridian.ingest.model.FieldValues;
import io.meridian.ingest.model.ProtoValues;

class RecordEventEncoderTest {

    private static RecordIngested generated(String dataset, int version, String run, String key,
                                            Map<String, Object> values, Instant at, long row) {
        RecordIngested event = RecordIngested.newBuilder().setDataset(dataset).setContractVersion(version)
            .setRunId(run).setRecordKey(key).setRecord(ProtoValues.toRecord(values))
            .setIngestedAt(ProtoValues.toTimestamp(at)).setRowNumber(row).build();
        try {
            // as consumers read it: through the wire (where an unpaired surrogate is '?')
            return RecordIngested.parseFrom(event.toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static RecordIngested encoded(RecordEventEncoder encoder, String dataset, int version, String run,
                                          String key, Map<String, Object> values, Instant at, long row)
        throws InvalidProtocolBufferException {
        byte[] bytes = encoder.encode(dataset.getBytes(StandardCharsets.UTF_8), version,
            run.getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8), values, at, row);
        // the validator's array-backed values encode to the very same bytes as any map in the same order
        FieldValues asFields = new FieldValues(new FieldValues.Names(List.copyOf(values.keySet())),
            values.values().toArray());
        org.junit.jupiter.api.Assertions.assertArrayEquals(bytes, encoder.encode(
            dataset.getBytes(StandardCharsets.UTF_8), version, run.getBytes(StandardCharsets.UTF_8),
            key.getBytes(StandardCharsets.UTF_8), asFields, at, row));
        return RecordIngested.parseFrom(bytes);
    }

    @Test
    void everyValueTypeReadsBackAsTheGeneratedEvent() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", "Zoë – ünïcödé ✓ 𝄞");
        values.put("empty", "");
        values.put("count", 42L);
        values.put("zero", 0L);
        values.put("negative", -7L);
        values.put("huge", Long.MIN_VALUE);
        values.put("ratio", 3.25);
        values.put("negZero", -0.0);
        values.put("tiny", Double.MIN_VALUE);
        values.put("yes", true);
        values.put("no", false);
        values.put("when", Instant.parse("2024-02-29T12:34:56.789123Z"));
        values.put("epoch", Instant.EPOCH);
        values.put("before1970", Instant.parse("1969-07-20T20:17:40Z"));
        values.put("missing", null);
        values.put("ключ", "значение");
        values.put("lone surrogates", "x\ud800y\udfffz\ud83d");
        RecordEventEncoder encoder = new RecordEventEncoder();
        Instant at = Instant.parse("2026-11-22T10:00:00.123456Z");
        assertEquals(generated("churn", 3, "run-1", "C1", values, at, 17),
            encoded(encoder, "churn", 3, "run-1", "C1", values, at, 17));
        // defaults omitted by proto3 and an extreme contract version
        assertEquals(generated("", 0, "", "", Map.of(), Instant.EPOCH, 0),
            encoded(encoder, "", 0, "", "", Map.of(), Instant.EPOCH, 0));
        assertEquals(generated("d", -1, "r", "k", Map.of("a", 1L), at, Long.MAX_VALUE),
            encoded(encoder, "d", -1, "r", "k", Map.of("a", 1L), at, Long.MAX_VALUE));
    }

    @Test
    void randomRecordsReadBackAsTheGeneratedEvent() throws Exception {
        Random random = new Random(7);
        RecordEventEncoder encoder = new RecordEventEncoder(); // reused: its buffers must not leak between events
        for (int n = 0; n < 2_000; n++) {
            Map<String, Object> values = new LinkedHashMap<>();
            int fields = random.nextInt(40);
            for (int f = 0; f < fields; f++) {
                String name = "f" + f;
                values.put(name, switch (random.nextInt(6)) {
                    case 0 -> randomText(random, random.nextInt(300));
                    case 1 -> random.nextLong() >> random.nextInt(64);
                    case 2 -> random.nextGaussian() * Math.pow(10, random.nextInt(20) - 10);
                    case 3 -> random.nextBoolean();
                    case 4 -> Instant.ofEpochSecond(random.nextInt() * 4L, random.nextInt(1_000_000_000));
                    default -> null;
                });
            }
            Instant at = Instant.ofEpochSecond(1_700_000_000L + random.nextInt(1000), random.nextInt(1_000_000) * 1000);
            String key = randomText(random, random.nextInt(20));
            assertEquals(generated("ds", n, "run", key, values, at, n), encoded(encoder, "ds", n, "run", key, values,
                at, n), "record " + n);
        }
    }

    private static String randomText(Random random, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int kind = random.nextInt(10);
            text.appendCodePoint(kind < 7 ? 32 + random.nextInt(95) : kind < 9 ? 0xA0 + random.nextInt(0x2000)
                : 0x1F300 + random.nextInt(200));
        }
        return text.toString();
    }
}
