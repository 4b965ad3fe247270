package io.meridian.feature.messaging;

import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.meridian.feature.model.FeatureRow;
import io.meridian.feature.service.FeatureIngestService;
import io.meridian.feature.service.FeatureMetrics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Consumes meridian.ingest.records.v1 in batches. Unusable records (wrong ce_type, unparseable, incomplete) are
 * logged, counted and skipped; the rest are written in one transaction. The batch is acknowledged, and its
 * offsets become committable, only when this method returns.
 */
@ApplicationScoped
public class RecordIngestedConsumer {
    private static final Logger LOG = Logger.getLogger(RecordIngestedConsumer.class);

    private final FeatureIngestService ingest;
    private final FeatureMetrics metrics;

    public RecordIngestedConsumer(FeatureIngestService ingest, FeatureMetrics metrics) {
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Incoming("ingest-records")
    @Blocking
    public void consume(ConsumerRecords<String, byte[]> batch) {
        List<FeatureRow> rows = new ArrayList<>(batch.count());
        for (ConsumerRecord<String, byte[]> record : batch) {
            RecordIngestedDecoder.Decoded decoded = RecordIngestedDecoder.decode(record);
            if (decoded.skipped()) {
                metrics.skipped(decoded.skipReason());
                LOG.warnf("skipped record %s-%d@%d (ce_id %s, reason %s): %s", record.topic(), record.partition(),
                        record.offset(), RecordIngestedDecoder.header(record, RecordIngestedDecoder.CE_ID),
                        decoded.skipReason().label(), decoded.detail());
            } else {
                rows.add(decoded.row());
            }
        }
        if (!rows.isEmpty()) {
            ingest.store(rows);
        }
    }
}
