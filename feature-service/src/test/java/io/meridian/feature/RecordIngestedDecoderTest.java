package io.meridian.feature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.events.v1.RecordIngested;
import io.meridian.feature.messaging.RecordIngestedDecoder;
import io.meridian.feature.messaging.RecordIngestedDecoder.Decoded;
import io.meridian.feature.messaging.SkipReason;

/** Unit test of the CloudEvents/protobuf decoding, without Kafka. */
class RecordIngestedDecoderTest {
    private static final Instant T = Instant.parse("2025-05-05T05:05:05.5Z");

    @Test
    void decodesARecordIngested() {
        RecordIngested event = IngestEvents.event("d", "run", 7, "k", T, Map.of("x", IngestEvents.integer(1)));
        Decoded decoded = RecordIngestedDecoder.decode(record(EventTypes.RECORD_INGESTED, event.toByteArray()));

        assertFalse(decoded.skipped());
        assertEquals("d", decoded.row().dataset());
        assertEquals("k", decoded.row().entityKey());
        assertEquals(T, decoded.row().eventTime());
        assertEquals(7, decoded.row().rowNumber());
        assertEquals(1, decoded.row().values().getFieldsOrThrow("x").getIntValue());
    }

    @Test
    void skipsOtherEventTypes() {
        RecordIngested event = IngestEvents.event("d", "run", 7, "k", T, Map.of());
        assertEquals(SkipReason.UNSUPPORTED_TYPE,
                RecordIngestedDecoder.decode(record(EventTypes.PREDICTION_MADE, event.toByteArray())).skipReason());
        assertEquals(SkipReason.UNSUPPORTED_TYPE,
                RecordIngestedDecoder.decode(record(null, event.toByteArray())).skipReason());
    }

    @Test
    void skipsGarbage() {
        Decoded decoded = RecordIngestedDecoder.decode(
                record(EventTypes.RECORD_INGESTED, "garbage!".getBytes(StandardCharsets.UTF_8)));
        assertTrue(decoded.skipped());
        assertEquals(SkipReason.UNPARSEABLE, decoded.skipReason());
    }

    @Test
    void skipsIncompleteEvents() {
        RecordIngested noKey = IngestEvents.event("d", "run", 1, "", T, Map.of());
        assertEquals(SkipReason.INVALID,
                RecordIngestedDecoder.decode(record(EventTypes.RECORD_INGESTED, noKey.toByteArray())).skipReason());
    }

    private static ConsumerRecord<String, byte[]> record(String ceType, byte[] value) {
        ConsumerRecord<String, byte[]> record = new ConsumerRecord<>(Topics.INGEST_RECORDS, 0, 0L, "d/k", value);
        if (ceType != null) {
            record.headers().add("ce_type", ceType.getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
