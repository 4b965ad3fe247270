package io.meridian.ingest.messaging;

import java.net.URI;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.RunStatus;
import io.meridian.ingest.model.RunSummary;
import io.smallrye.reactive.messaging.ce.OutgoingCloudEventMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Emits every finished ingestion run as an OpenLineage {@code RunEvent} (JSON, spec 2-0-2) on
 * {@link Topics#INGEST_LINEAGE}, key {@code <dataset>}: eventType COMPLETE or FAIL, run.runId, job
 * {@code meridian / ingest.<dataset>.<source>}, the input (the source) and output (the curated dataset and its
 * quarantine) datasets with row counts, bytes and the input checksum as facets.
 */
@ApplicationScoped
public class LineagePublisher {
    /** Channel configured in application.properties (mp.messaging.outgoing.ingest-lineage.*). */
    public static final String CHANNEL = "ingest-lineage";
    /** The OpenLineage namespace of Meridian's jobs and datasets. */
    public static final String NAMESPACE = "meridian";
    static final String PRODUCER = "https://github.com/meridian-ml/meridian/tree/main/ingest-service";
    static final String SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/definitions/RunEvent";
    private static final Logger LOG = Logger.getLogger(LineagePublisher.class);

    private final Emitter<String> emitter;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final URI source;

    public LineagePublisher(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 1024)
        Emitter<String> emitter, IngestConfig config, ObjectMapper json) {
        this.emitter = emitter;
        this.config = config;
        this.json = json;
        this.source = URI.create(config.eventSource());
    }

    /** The OpenLineage RunEvent of a finished run. */
    public ObjectNode runEvent(RunSummary run) {
        ObjectNode event = json.createObjectNode();
        event.put("eventType", run.status() == RunStatus.SUCCEEDED ? "COMPLETE" : "FAIL");
        event.put("eventTime", (run.endedAt() != null ? run.endedAt() : run.startedAt()).toString());
        event.put("producer", PRODUCER);
        event.put("schemaURL", SCHEMA);
        ObjectNode runNode = event.putObject("run");
        runNode.put("runId", run.runId());
        ObjectNode runFacets = runNode.putObject("facets");
        ObjectNode stats = facet(runFacets, "meridian_ingestion");
        stats.put("dataset", run.dataset());
        stats.put("contractVersion", run.contractVersion());
        stats.put("source", run.source());
        stats.put("rowsRead", run.rowsRead());
        stats.put("rowsStored", run.rowsStored());
        stats.put("rowsQuarantined", run.rowsQuarantined());
        stats.put("rowsDeduplicated", run.rowsDeduplicated());
        stats.put("bytesRead", run.bytesRead());
        stats.put("startedAt", run.startedAt().toString());
        if (run.endedAt() != null) {
            stats.put("endedAt", run.endedAt().toString());
        }
        if (run.failure() != null) {
            ObjectNode error = facet(runFacets, "errorMessage");
            error.put("message", run.failure());
            error.put("programmingLanguage", "java");
        }
        ObjectNode job = event.putObject("job");
        job.put("namespace", NAMESPACE);
        job.put("name", "ingest." + run.dataset() + "." + run.source());
        ArrayNode inputs = event.putArray("inputs");
        ObjectNode input = inputs.addObject();
        input.put("namespace", NAMESPACE + ".source");
        input.put("name", run.source() + ":" + run.dataset());
        ObjectNode inputFacets = input.putObject("inputFacets");
        ObjectNode inStats = facet(inputFacets, "inputStatistics");
        inStats.put("rowCount", run.rowsRead());
        inStats.put("size", run.bytesRead());
        if (run.inputSha256() != null) {
            ObjectNode checksum = facet(input.putObject("facets"), "meridian_checksum");
            checksum.put("algorithm", "SHA-256");
            checksum.put("value", run.inputSha256());
        }
        ArrayNode outputs = event.putArray("outputs");
        output(outputs, run.dataset(), run.rowsStored(), run.contractVersion());
        output(outputs, run.dataset() + ".quarantine", run.rowsQuarantined(), run.contractVersion());
        return event;
    }

    private static void output(ArrayNode outputs, String name, long rows, int version) {
        ObjectNode out = outputs.addObject();
        out.put("namespace", NAMESPACE);
        out.put("name", name);
        ObjectNode facets = out.putObject("facets");
        ObjectNode v = facet(facets, "version");
        v.put("datasetVersion", String.valueOf(version));
        ObjectNode stats = facet(out.putObject("outputFacets"), "outputStatistics");
        stats.put("rowCount", rows);
    }

    private static ObjectNode facet(ObjectNode parent, String name) {
        ObjectNode f = parent.putObject(name);
        f.put("_producer", PRODUCER);
        f.put("_schemaURL", "https://openlineage.io/spec/facets/1-0-0/" + name + ".json");
        return f;
    }

    /**
     * Sends the run's RunEvent and waits for the acknowledgement. A failure is logged, not thrown: the run is
     * already recorded and {@code GET /v1/runs/{id}/lineage} still serves the event.
     */
    public void publish(RunSummary run) {
        String body;
        try {
            body = json.writeValueAsString(runEvent(run));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not render the lineage of run " + run.runId(), e);
        }
        CompletableFuture<Void> ack = new CompletableFuture<>();
        Metadata metadata = Metadata.of(
            OutgoingKafkaRecordMetadata.<String>builder().withKey(run.dataset()).withTopic(Topics.INGEST_LINEAGE)
                .build(),
            OutgoingCloudEventMetadata.builder()
                .withId(UUID.randomUUID().toString())
                .withType(EventTypes.OPENLINEAGE_RUN_EVENT)
                .withSource(source)
                .withSubject(run.runId())
                .withDataContentType(EventTypes.JSON_CONTENT_TYPE)
                .withTimestamp((run.endedAt() != null ? run.endedAt() : run.startedAt()).atZone(ZoneOffset.UTC))
                .build());
        try {
            emitter.send(KafkaAcks.message(body, metadata, ack));
            KafkaAcks.await(List.of(ack), config, "the lineage event of run " + run.runId());
        } catch (RuntimeException e) {
            LOG.warnf("lineage event not published: run=%s dataset=%s cause=%s", run.runId(), run.dataset(),
                e.getMessage());
        }
    }
}
