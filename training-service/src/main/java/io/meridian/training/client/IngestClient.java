package io.meridian.training.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.meridian.data.v1.Record;
import io.meridian.ingest.v1.DatasetContract;
import io.meridian.ingest.v1.GetDatasetRequest;
import io.meridian.ingest.v1.IngestServiceGrpc;
import io.meridian.ingest.v1.ReadRecordsRequest;
import io.meridian.ingest.v1.ReadRecordsResponse;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.service.JobFailure;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads dataset contracts and curated records from ingest-service ({@code quarkus.grpc.clients.ingest.*}), with
 * {@code authorization: Bearer <ingest-token>}: ingest-service's reads need a token with role reader.
 */
@ApplicationScoped
public class IngestClient {
    private static final Logger LOG = Logger.getLogger(IngestClient.class);

    private final IngestServiceGrpc.IngestServiceBlockingStub ingest;
    private final TrainingConfig config;

    public IngestClient(@GrpcClient("ingest") IngestServiceGrpc.IngestServiceBlockingStub ingest,
                        TrainingConfig config) {
        this.ingest = BearerToken.attach(ingest, config.ingestToken());
        this.config = config;
    }

    /** The dataset's current contract; {@link JobFailure} "dataset 'x' not found" when ingest-service has none. */
    public DatasetContract contract(String dataset) {
        try {
            return ingest.withDeadlineAfter(config.featureDeadline().toMillis(), TimeUnit.MILLISECONDS)
                .getDataset(GetDatasetRequest.newBuilder().setName(dataset).build()).getContract();
        } catch (StatusRuntimeException e) {
            LOG.warnf("GetDataset of dataset %s failed: %s", dataset, e.getStatus());
            throw new JobFailure(describe(dataset, e), e);
        }
    }

    /** A dataset's curated records, in ingestion order, and the ingestion runs that stored them. */
    public record Curated(List<Record> rows, List<String> runIds) {
    }

    /** Every curated record of the dataset, in ingestion order, with the ids of the runs that stored them. */
    public Curated read(String dataset) {
        ReadRecordsRequest request = ReadRecordsRequest.newBuilder().setDataset(dataset)
            .setBatchSize(config.readBatchSize()).build();
        List<Record> rows = new ArrayList<>();
        java.util.Set<String> runIds = new java.util.LinkedHashSet<>();
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            call.run(() -> {
                Iterator<ReadRecordsResponse> responses = ingest
                    .withDeadlineAfter(config.featureDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .readRecords(request);
                while (responses.hasNext()) {
                    ReadRecordsResponse page = responses.next();
                    rows.addAll(page.getRecordsList());
                    runIds.addAll(page.getRunIdsList());
                    if (rows.size() > config.maxRows()) {
                        throw new JobFailure("Dataset '" + dataset + "' has more than " + config.maxRows()
                            + " rows, the most a training job reads (meridian.training.max-rows).");
                    }
                }
            });
        } catch (StatusRuntimeException e) {
            LOG.warnf("ReadRecords of dataset %s failed: %s", dataset, e.getStatus());
            throw new JobFailure(describe(dataset, e), e);
        }
        return new Curated(rows, List.copyOf(runIds));
    }

    private String describe(String dataset, StatusRuntimeException e) {
        String detail = e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")";
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> "dataset '" + dataset + "' not found in ingest-service" + detail + ".";
            case UNAUTHENTICATED, PERMISSION_DENIED -> "ingest-service refused to read dataset '" + dataset + "' ("
                + e.getStatus().getCode() + "); check meridian.training.ingest-token, a token with role reader"
                + detail + ".";
            case UNAVAILABLE -> "ingest-service is unavailable; could not read dataset '" + dataset + "'" + detail
                + ".";
            case DEADLINE_EXCEEDED -> "ingest-service did not send dataset '" + dataset + "' within "
                + config.featureDeadline().toSeconds() + " s.";
            default -> "ingest-service failed to read dataset '" + dataset + "': " + e.getStatus().getCode()
                + detail + ".";
        };
    }
}
