package io.meridian.feature.service;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.meridian.data.v1.Record;
import io.meridian.feature.config.FeatureConfig;
import io.meridian.feature.model.DatasetSummary;
import io.meridian.feature.model.FeatureRow;
import io.meridian.feature.model.TrainingSetQuery;
import io.meridian.feature.repository.FeatureRepository;
import jakarta.enterprise.context.ApplicationScoped;

/** Validated reads of the offline (point-in-time) and online stores; blocking, call from a worker thread. */
@ApplicationScoped
public class FeatureQueryService {
    private final FeatureRepository repository;
    private final FeatureConfig config;

    public FeatureQueryService(FeatureRepository repository, FeatureConfig config) {
        this.repository = repository;
        this.config = config;
    }

    /** The dataset's counts, or {@link UnknownDatasetException}. */
    public DatasetSummary summary(String dataset) {
        return repository.summary(dataset).orElseThrow(() -> new UnknownDatasetException(dataset));
    }

    /** The latest row of one entity, if any. */
    public Optional<FeatureRow> online(String dataset, String entityKey) {
        return Optional.ofNullable(repository.online(dataset, List.of(entityKey)).get(entityKey));
    }

    /**
     * The latest rows of the given entities (absent keys are missing from the map), values projected on
     * {@code features} (empty = all). Projection is validated only for a dataset the store knows: for an unknown
     * dataset every entity is simply not found.
     */
    public Map<String, FeatureRow> online(String dataset, Collection<String> entityKeys, Collection<String> features) {
        requireDataset(dataset);
        if (entityKeys.size() > config.online().maxKeys()) {
            throw new InvalidQueryException("entity_keys", "At most " + config.online().maxKeys()
                    + " entity keys per request, got " + entityKeys.size());
        }
        Set<String> projection = new LinkedHashSet<>(features);
        if (!projection.isEmpty()) {
            Set<String> known = repository.features(dataset);
            if (!known.isEmpty()) {
                requireKnown(dataset, projection, known);
            }
        }
        Map<String, FeatureRow> rows = repository.online(dataset, new LinkedHashSet<>(entityKeys));
        if (projection.isEmpty()) {
            return rows;
        }
        rows.replaceAll((key, row) -> project(row, projection));
        return rows;
    }

    /** Validates a training-set read: dataset named and known, batch size in range, projected columns known. */
    public TrainingSetQuery trainingSet(String dataset, Collection<String> features, Instant asOf, int batchSize) {
        requireDataset(dataset);
        if (batchSize < 0 || batchSize > config.trainingSet().maxBatchSize()) {
            throw new InvalidQueryException("batch_size", "batch_size must be between 0 (server default) and "
                    + config.trainingSet().maxBatchSize() + ", got " + batchSize);
        }
        if (!repository.exists(dataset)) {
            throw new UnknownDatasetException(dataset);
        }
        Set<String> projection = new LinkedHashSet<>(features);
        if (!projection.isEmpty()) {
            requireKnown(dataset, projection, repository.features(dataset));
        }
        return new TrainingSetQuery(dataset, projection, asOf == null ? Instant.now() : asOf,
                batchSize == 0 ? config.trainingSet().defaultBatchSize() : batchSize);
    }

    /** The page of the training set after {@code afterKey} ("" for the first page), values projected. */
    public List<FeatureRow> trainingPage(TrainingSetQuery query, String afterKey) {
        List<FeatureRow> rows = repository.trainingPage(query.dataset(), query.asOf(), afterKey, query.batchSize());
        if (query.features().isEmpty()) {
            return rows;
        }
        return rows.stream().map(row -> project(row, query.features())).toList();
    }

    /** The row with only the given columns (a column the row lacks stays absent). */
    static FeatureRow project(FeatureRow row, Set<String> features) {
        Record.Builder values = Record.newBuilder();
        row.values().getFieldsMap().forEach((name, value) -> {
            if (features.contains(name)) {
                values.putFields(name, value);
            }
        });
        return new FeatureRow(row.dataset(), row.entityKey(), row.eventTime(), row.runId(), row.rowNumber(),
                row.contractVersion(), values.build());
    }

    private static void requireDataset(String dataset) {
        if (dataset == null || dataset.isBlank()) {
            throw new InvalidQueryException("dataset", "dataset must name a dataset");
        }
    }

    private static void requireKnown(String dataset, Set<String> projection, Set<String> known) {
        for (String feature : projection) {
            if (!known.contains(feature)) {
                throw new InvalidQueryException("features",
                        "Unknown feature " + feature + " in dataset " + dataset + "; known features: " + known);
            }
        }
    }
}
