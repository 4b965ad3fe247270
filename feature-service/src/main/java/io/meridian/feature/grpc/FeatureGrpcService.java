package io.meridian.feature.grpc;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import com.google.protobuf.Timestamp;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.meridian.feature.model.FeatureRow;
import io.meridian.feature.model.TrainingSetQuery;
import io.meridian.feature.service.FeatureQueryService;
import io.meridian.feature.service.InvalidQueryException;
import io.meridian.feature.service.UnknownDatasetException;
import io.meridian.features.v1.EntityFeatures;
import io.meridian.features.v1.FeatureService;
import io.meridian.features.v1.GetOnlineFeaturesRequest;
import io.meridian.features.v1.GetOnlineFeaturesResponse;
import io.meridian.features.v1.ReadTrainingSetRequest;
import io.meridian.features.v1.ReadTrainingSetResponse;
import io.meridian.features.v1.TrainingRow;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * gRPC FeatureService. Every database call runs on the worker pool; a training set is read page by page
 * (keyset paging on the entity key) as the client asks for more, so a large set is never held in memory.
 */
@GrpcService
public class FeatureGrpcService implements FeatureService {
    private static final Logger LOG = Logger.getLogger(FeatureGrpcService.class);

    private final FeatureQueryService queries;

    public FeatureGrpcService(FeatureQueryService queries) {
        this.queries = queries;
    }

    @Override
    public Multi<ReadTrainingSetResponse> readTrainingSet(ReadTrainingSetRequest request) {
        Instant asOf = request.hasAsOf() ? instant(request.getAsOf()) : null;
        return blocking(() -> queries.trainingSet(request.getDataset(), request.getFeaturesList(), asOf,
                request.getBatchSize()))
                .invoke(query -> LOG.infof("streaming training set of dataset %s as of %s in batches of %d",
                        query.dataset(), query.asOf(), query.batchSize()))
                .onItem().transformToMulti(query -> Multi.createBy().repeating()
                        .uni(() -> new PageCursor(query), cursor -> blocking(cursor::next))
                        .until(List::isEmpty))
                .map(rows -> ReadTrainingSetResponse.newBuilder()
                        .addAllRows(rows.stream().map(FeatureGrpcService::trainingRow).toList()).build())
                .onFailure().transform(FeatureGrpcService::toStatus);
    }

    @Override
    public Uni<GetOnlineFeaturesResponse> getOnlineFeatures(GetOnlineFeaturesRequest request) {
        return blocking(() -> queries.online(request.getDataset(), request.getEntityKeysList(),
                request.getFeaturesList()))
                .map(rows -> {
                    GetOnlineFeaturesResponse.Builder response = GetOnlineFeaturesResponse.newBuilder();
                    for (String key : request.getEntityKeysList()) {
                        FeatureRow row = rows.get(key);
                        EntityFeatures.Builder entity = EntityFeatures.newBuilder().setEntityKey(key)
                                .setFound(row != null);
                        if (row != null) {
                            entity.setValues(row.values());
                        }
                        response.addEntities(entity);
                    }
                    return response.build();
                })
                .onFailure().transform(FeatureGrpcService::toStatus);
    }

    /** Walks a training set page by page; an incomplete page ends it without another query. */
    private final class PageCursor {
        private final TrainingSetQuery query;
        private String lastKey = "";
        private boolean done;

        PageCursor(TrainingSetQuery query) {
            this.query = query;
        }

        List<FeatureRow> next() {
            if (done) {
                return List.of();
            }
            List<FeatureRow> page = queries.trainingPage(query, lastKey);
            if (page.size() < query.batchSize()) {
                done = true;
            }
            if (!page.isEmpty()) {
                lastKey = page.get(page.size() - 1).entityKey();
            }
            return page;
        }
    }

    private static <T> Uni<T> blocking(Supplier<T> call) {
        return Uni.createFrom().item(call).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static TrainingRow trainingRow(FeatureRow row) {
        return TrainingRow.newBuilder().setEntityKey(row.entityKey()).setValues(row.values())
                .setEventTime(timestamp(row.eventTime())).setRunId(row.runId()).build();
    }

    private static Throwable toStatus(Throwable failure) {
        if (failure instanceof StatusRuntimeException) {
            return failure;
        }
        if (failure instanceof InvalidQueryException invalid) {
            return Status.INVALID_ARGUMENT.withDescription(invalid.getMessage()).asRuntimeException();
        }
        if (failure instanceof UnknownDatasetException unknown) {
            return Status.NOT_FOUND.withDescription(unknown.getMessage()).asRuntimeException();
        }
        LOG.error("feature read failed", failure);
        return Status.UNAVAILABLE.withDescription("The feature store could not be read; retry later")
                .withCause(failure).asRuntimeException();
    }

    static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
