package io.meridian.ingest.grpc;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.google.protobuf.TextFormat;

import io.grpc.StatusRuntimeException;
import io.meridian.data.v1.Record;
import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.ProtoValues;
import io.meridian.ingest.model.RecordFilter;
import io.meridian.ingest.model.SourceRecord;
import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.IngestionService;
import io.meridian.ingest.service.IngestionService.CuratedRecord;
import io.meridian.ingest.v1.GetDatasetRequest;
import io.meridian.ingest.v1.GetDatasetResponse;
import io.meridian.ingest.v1.IngestService;
import io.meridian.ingest.v1.ReadRecordsRequest;
import io.meridian.ingest.v1.ReadRecordsResponse;
import io.meridian.ingest.v1.UploadRecordsRequest;
import io.meridian.ingest.v1.UploadRecordsResponse;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;

/**
 * gRPC {@code meridian.ingest.v1.IngestService} on the HTTP port. Blocking work (database, Kafka acks) runs
 * on the worker pool; uploads go through the same {@link IngestionService} validation path as CSV.
 *
 * <p>Roles, as on REST: reads (ReadRecords, GetDataset, and any RPC added later) need a bearer token with role
 * {@code reader} or {@code writer} (class level); UploadRecords needs {@code writer}. grpc-auth's
 * RolesAllowedInterceptor enforces both: UNAUTHENTICATED without a valid token, PERMISSION_DENIED without the role.
 */
@GrpcService
@RolesAllowed({"reader", "writer"})
public class IngestGrpcService implements IngestService {
    private static final Logger LOG = Logger.getLogger(IngestGrpcService.class);

    private final IngestionService ingestion;
    private final ContractService contracts;
    private final IngestConfig config;

    public IngestGrpcService(IngestionService ingestion, ContractService contracts, IngestConfig config) {
        this.ingestion = ingestion;
        this.contracts = contracts;
        this.config = config;
    }

    @Override
    @RolesAllowed("writer")
    public Uni<UploadRecordsResponse> uploadRecords(Multi<UploadRecordsRequest> requests) {
        Upload upload = new Upload();
        return requests
            .emitOn(Infrastructure.getDefaultWorkerPool())
            .onItem().invoke(upload::accept)
            .collect().last()
            .map(ignored -> UploadRecordsResponse.newBuilder().setRun(ProtoValues.toProto(upload.finish())).build())
            .onFailure().invoke(upload::abort)
            .onFailure().transform(GrpcErrors::toStatus);
    }

    /** The state of one UploadRecords call; messages arrive one at a time (emitOn keeps them in order). */
    private final class Upload {
        private IngestionService.Run run;
        private long row;
        private long message;

        void accept(UploadRecordsRequest request) {
            if (run == null) {
                if (request.getDataset().isBlank()) {
                    throw GrpcErrors.invalid("The first UploadRecordsRequest must name the dataset.");
                }
                run = ingestion.start(request.getDataset(), "grpc");
            }
            message++;
            int index = 0;
            for (Record record : request.getRecordsList()) {
                Map<String, Object> raw = new HashMap<>();
                record.getFieldsMap().forEach((name, value) -> raw.put(name, ProtoValues.fromValue(value)));
                // coordinates: the message of the stream (1-based) and the record within it (0-based)
                run.offer(new SourceRecord(++row, "grpc:message " + message + " records[" + index++ + "]", raw,
                    TextFormat.printer().shortDebugString(record)));
            }
        }

        io.meridian.ingest.model.RunSummary finish() {
            if (run == null) {
                throw GrpcErrors.invalid("The upload carried no message; the first one must name the dataset.");
            }
            return run.finish();
        }

        void abort(Throwable error) {
            if (run != null) {
                run.fail(error);
            }
        }
    }

    @Override
    public Multi<ReadRecordsResponse> readRecords(ReadRecordsRequest request) {
        if (request.getDataset().isBlank()) {
            return Multi.createFrom().failure(GrpcErrors.invalid("ReadRecordsRequest.dataset is required."));
        }
        if (request.getBatchSize() < 0 || request.getBatchSize() > config.maxReadBatchSize()) {
            return Multi.createFrom().failure(GrpcErrors.invalid("batch_size must be between 0 (server default) and "
                + config.maxReadBatchSize() + "."));
        }
        RecordFilter filter;
        try {
            filter = filter(request);
        } catch (StatusRuntimeException e) {
            return Multi.createFrom().failure(e);
        }
        int batch = request.getBatchSize() == 0 ? config.readBatchSize() : request.getBatchSize();
        String dataset = request.getDataset();
        return Uni.createFrom().item(() -> contracts.current(dataset))
            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
            .onItem().transformToMulti(contract -> Multi.createBy().repeating()
                .uni(() -> new long[] {0L}, cursor -> Uni.createFrom().item(() -> page(dataset, filter, cursor, batch))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .until(List::isEmpty))
            .map(page -> ReadRecordsResponse.newBuilder()
                .addAllRecords(page.stream().map(r -> ProtoValues.toRecord(r.values())).toList())
                .addAllRunIds(page.stream().map(CuratedRecord::runId).distinct().toList())
                .build())
            .onFailure().transform(GrpcErrors::toStatus);
    }

    /** The request's run and key filters (empty = not filtered); INVALID_ARGUMENT when run_id is not a UUID. */
    private static RecordFilter filter(ReadRecordsRequest request) {
        UUID runId = null;
        if (!request.getRunId().isBlank()) {
            try {
                runId = UUID.fromString(request.getRunId().trim());
            } catch (IllegalArgumentException e) {
                throw GrpcErrors.invalid("run_id '" + request.getRunId() + "' is not a run id (a UUID).");
            }
        }
        return new RecordFilter(runId, request.getKey().isEmpty() ? null : request.getKey());
    }

    private List<CuratedRecord> page(String dataset, RecordFilter filter, long[] cursor, int batch) {
        List<CuratedRecord> page = ingestion.read(dataset, filter, cursor[0], batch);
        if (!page.isEmpty()) {
            cursor[0] = page.get(page.size() - 1).id();
        }
        LOG.debugf("ReadRecords page: dataset=%s records=%d", dataset, page.size());
        return page;
    }

    @Override
    public Uni<GetDatasetResponse> getDataset(GetDatasetRequest request) {
        if (request.getName().isBlank()) {
            return Uni.createFrom().failure(GrpcErrors.invalid("GetDatasetRequest.name is required."));
        }
        return Uni.createFrom().item(() -> contracts.current(request.getName()))
            .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
            .map(c -> GetDatasetResponse.newBuilder().setContract(ProtoValues.toProto(c)).build())
            .onFailure().transform(GrpcErrors::toStatus);
    }
}
