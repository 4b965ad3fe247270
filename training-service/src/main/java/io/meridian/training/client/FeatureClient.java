package io.meridian.training.client;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.jboss.logging.Logger;

import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.meridian.features.v1.FeatureServiceGrpc;
import io.meridian.features.v1.ReadTrainingSetRequest;
import io.meridian.features.v1.ReadTrainingSetResponse;
import io.meridian.features.v1.TrainingRow;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.service.JobFailure;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;

/** Reads training sets from feature-service ({@code quarkus.grpc.clients.features.*}). */
@ApplicationScoped
public class FeatureClient {
    private static final Logger LOG = Logger.getLogger(FeatureClient.class);

    private final FeatureServiceGrpc.FeatureServiceBlockingStub features;
    private final TrainingConfig config;

    public FeatureClient(@GrpcClient("features") FeatureServiceGrpc.FeatureServiceBlockingStub features,
                         TrainingConfig config) {
        this.features = features;
        this.config = config;
    }

    /**
     * Every row of the training set (latest row per entity key, with its entity key and ingestion run id).
     * Throws {@link JobFailure} when
     * the dataset is unknown, feature-service is unreachable or too slow, or the set exceeds the row limit.
     */
    public List<TrainingRow> readTrainingSet(String dataset) {
        ReadTrainingSetRequest request = ReadTrainingSetRequest.newBuilder().setDataset(dataset)
            .setBatchSize(config.readBatchSize()).build();
        List<TrainingRow> rows = new ArrayList<>();
        try (Context.CancellableContext call = Context.current().withCancellation()) {
            call.run(() -> {
                Iterator<ReadTrainingSetResponse> responses = features
                    .withDeadlineAfter(config.featureDeadline().toMillis(), TimeUnit.MILLISECONDS)
                    .readTrainingSet(request);
                while (responses.hasNext()) {
                    rows.addAll(responses.next().getRowsList());
                    if (rows.size() > config.maxRows()) {
                        throw new JobFailure("Dataset '" + dataset + "' has more than " + config.maxRows()
                            + " rows, the most a training job reads (meridian.training.max-rows).");
                    }
                }
            });
        } catch (StatusRuntimeException e) {
            LOG.warnf("ReadTrainingSet of dataset %s failed: %s", dataset, e.getStatus());
            throw new JobFailure(describe(dataset, e), e);
        }
        return rows;
    }

    private String describe(String dataset, StatusRuntimeException e) {
        String detail = e.getStatus().getDescription() == null ? "" : " (" + e.getStatus().getDescription() + ")";
        return switch (e.getStatus().getCode()) {
            case NOT_FOUND -> "Dataset '" + dataset + "' is unknown to feature-service (training set not found)" + detail + ".";
            case UNAVAILABLE -> "feature-service is unavailable; could not read dataset '" + dataset + "'" + detail
                + ".";
            case DEADLINE_EXCEEDED -> "feature-service did not send dataset '" + dataset + "' within "
                + config.featureDeadline().toSeconds() + " s.";
            default -> "feature-service failed to read dataset '" + dataset + "': " + e.getStatus().getCode()
                + detail + ".";
        };
    }
}
