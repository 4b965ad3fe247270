package io.meridian.ingest.source;

import com.fasterxml.jackson.databind.JsonNode;

import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.model.SourceRecord;
import io.meridian.ingest.service.IngestionService;

/**
 * One ingestion run of a source (one poll, or many checkpointed batches of a streaming source): maps each input
 * with the source's {@link FieldMapper} and hands it to the pipeline; input that cannot be parsed or mapped is
 * rejected (quarantined) with its coordinates and original payload, never dropped.
 */
public final class SourceRun {
    private final IngestionService.Run run;
    private final FieldMapper mapper;
    private long position;

    SourceRun(IngestionService.Run run, FieldMapper mapper) {
        this.run = run;
        this.mapper = mapper;
    }

    public String id() {
        return run.id().toString();
    }

    /** Maps and offers one parsed input; {@code topic} feeds {@code topicSegment} mappings (may be null). */
    public void offer(String coordinates, JsonNode input, String topic, String payload) {
        long pos = ++position;
        if (input == null || !input.isObject()) {
            run.reject(new SourceRecord(pos, coordinates, java.util.Map.of(), payload), "",
                "the record is not a JSON object");
            return;
        }
        try {
            run.offer(new SourceRecord(pos, coordinates, mapper.map(input, topic), payload));
        } catch (FieldMapper.MappingException e) {
            run.reject(new SourceRecord(pos, coordinates, java.util.Map.of(), payload), e.field(), e.getMessage());
        }
    }

    /** Rejects (quarantines) an input that could not be parsed, with the reason. */
    public void reject(String coordinates, String payload, String field, String reason) {
        run.reject(new SourceRecord(++position, coordinates, java.util.Map.of(), payload), field, reason);
    }

    /** Inputs handed to this run so far. */
    public long count() {
        return position;
    }

    /** Makes everything offered so far durable (see {@link IngestionService.Run#checkpoint()}); what is decided. */
    IngestionService.Decided checkpoint() {
        return run.checkpoint();
    }

    RunSummary finish() {
        return run.finish();
    }

    void fail(Throwable cause) {
        run.fail(cause);
    }
}
