package io.meridian.feature.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import com.google.protobuf.InvalidProtocolBufferException;

import io.meridian.contracts.EventTypes;
import io.meridian.events.v1.RecordIngested;
import io.meridian.feature.model.FeatureRow;

/** Turns a Kafka record of meridian.ingest.records.v1 (CloudEvents binary mode) into a feature row. */
public final class RecordIngestedDecoder {
    /** CloudEvents binary-mode header carrying the event type. */
    public static final String CE_TYPE = "ce_type";
    /** CloudEvents binary-mode header carrying the event id. */
    public static final String CE_ID = "ce_id";

    private RecordIngestedDecoder() {
    }

    /**
     * The outcome of decoding one Kafka record: a row, or the reason it was skipped.
     *
     * @param row the row, null when skipped
     * @param skipReason why it was skipped, null when decoded
     * @param detail a human sentence for the log when skipped
     */
    public record Decoded(FeatureRow row, SkipReason skipReason, String detail) {
        static Decoded of(FeatureRow row) {
            return new Decoded(row, null, null);
        }

        static Decoded skip(SkipReason reason, String detail) {
            return new Decoded(null, reason, detail);
        }

        public boolean skipped() {
            return skipReason != null;
        }
    }

    public static Decoded decode(ConsumerRecord<String, byte[]> record) {
        String type = header(record, CE_TYPE);
        if (!EventTypes.RECORD_INGESTED.equals(type)) {
            return Decoded.skip(SkipReason.UNSUPPORTED_TYPE,
                    type == null ? "the ce_type header is missing" : "ce_type " + type + " is not RecordIngested");
        }
        if (record.value() == null) {
            return Decoded.skip(SkipReason.UNPARSEABLE, "the record has no value");
        }
        RecordIngested event;
        try {
            event = RecordIngested.parseFrom(record.value());
        } catch (InvalidProtocolBufferException e) {
            return Decoded.skip(SkipReason.UNPARSEABLE, "the value is not a RecordIngested message: " + e.getMessage());
        }
        if (event.getDataset().isBlank() || event.getRecordKey().isEmpty() || event.getRunId().isBlank()
                || !event.hasRecord()) {
            return Decoded.skip(SkipReason.INVALID, "the event lacks a dataset, record key, run id or record");
        }
        Instant eventTime = event.hasIngestedAt()
                ? Instant.ofEpochSecond(event.getIngestedAt().getSeconds(), event.getIngestedAt().getNanos())
                : Instant.ofEpochMilli(record.timestamp());
        return Decoded.of(new FeatureRow(event.getDataset(), event.getRecordKey(), eventTime, event.getRunId(),
                event.getRowNumber(), event.getContractVersion(), event.getRecord()));
    }

    /** The last value of a header as UTF-8, or null. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
