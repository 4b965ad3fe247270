package io.meridian.inference.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtException;
import io.meridian.data.v1.Value;
import io.meridian.inference.config.InferenceConfig;
import io.meridian.inference.messaging.PredictionEventPublisher;
import io.meridian.inference.model.FeatureRow;
import io.meridian.inference.model.LoadedModel;
import io.meridian.inference.model.Prediction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Scores named features with the serving version of a model; the one prediction path behind REST and gRPC, for
 * one row or a batch. Features are checked and encoded against the version's registered schema
 * ({@link FeatureEncoder}), run through its ONNX graph in one call and read back ({@link GraphRunner}): binary
 * classifiers score P(positive class) with the graph's label, multiclass classifiers score P(label), regression
 * models score the predicted value and have no label. Every row is published as one {@code PredictionMade} event.
 */
@ApplicationScoped
public class PredictionService {
    private static final Logger LOG = Logger.getLogger(PredictionService.class);
    /** Label used on request metrics when the model is unknown, keeping label values bounded. */
    static final String UNKNOWN = "unknown";

    private final ModelManager models;
    private final PredictionEventPublisher events;
    private final MeterRegistry meters;
    private final InferenceConfig config;

    public PredictionService(ModelManager models, PredictionEventPublisher events, MeterRegistry meters,
            InferenceConfig config) {
        this.models = models;
        this.events = events;
        this.meters = meters;
        this.config = config;
    }

    /**
     * Scores {@code features} with the serving version of {@code modelName}, loading it once from the registry
     * if it is not loaded yet. Error fields are {@code features.<name>}.
     *
     * @throws ModelNotFoundException   no version of the model holds the serving alias
     * @throws InvalidFeatureException  a feature is missing, mistyped or a rejected category
     */
    public Prediction predict(String modelName, Map<String, Value> features, String requestId, String entityKey) {
        return score(modelName, List.of(new FeatureRow(features, emptyToNull(entityKey))), requestId,
            row -> "features.").get(0);
    }

    /**
     * Scores {@code rows} in one ONNX Runtime run of the same model version; all or nothing. Error fields are
     * {@code rows[i].features.<name>}, or {@code rows} for an empty or oversized batch.
     *
     * @throws ModelNotFoundException   no version of the model holds the serving alias
     * @throws InvalidFeatureException  a row is invalid, or the batch is empty or larger than the configured limit
     */
    public List<Prediction> predictBatch(String modelName, List<FeatureRow> rows, String requestId) {
        if (rows == null || rows.isEmpty()) {
            throw new InvalidFeatureException("rows", "A batch needs at least one row.");
        }
        if (rows.size() > config.maxBatchRows()) {
            throw new InvalidFeatureException("rows", "A batch may carry at most " + config.maxBatchRows()
                + " rows; this one has " + rows.size() + ".");
        }
        return score(modelName, rows, requestId, row -> "rows[" + row + "].features.");
    }

    private List<Prediction> score(String modelName, List<FeatureRow> rows, String requestId,
            FeatureEncoder.FieldPrefix prefix) {
        long started = System.nanoTime();
        LoadedModel model = models.acquireOrLoad(modelName).orElse(null);
        if (model == null) {
            count(UNKNOWN, "none", "not_found");
            throw new ModelNotFoundException("No version of model '" + modelName + "' is loaded or holds the "
                + "serving alias in the registry.");
        }
        String version = Long.toString(model.version());
        try {
            FeatureEncoder.Encoded encoded = FeatureEncoder.encode(model.schema(),
                model.name() + " v" + model.version(), rows.stream().map(FeatureRow::features).toList(), prefix);
            List<GraphRunner.Output> outputs = run(model, encoded);
            long latencyNanos = System.nanoTime() - started;
            long latencyMicros = TimeUnit.NANOSECONDS.toMicros(latencyNanos);
            Instant now = Instant.now();
            List<Prediction> predictions = new ArrayList<>(rows.size());
            for (int r = 0; r < rows.size(); r++) {
                GraphRunner.Output output = outputs.get(r);
                predictions.add(new Prediction(UUID.randomUUID().toString(), modelName, model.version(),
                    output.score(), output.label(), output.probabilities(), encoded.used().get(r),
                    encoded.ignored().get(r), emptyToNull(requestId), emptyToNull(rows.get(r).entityKey()), now,
                    latencyMicros));
            }
            Timer.builder("meridian.inference.request").description("Prediction latency inside the service")
                .tag("model", modelName).register(meters).record(latencyNanos, TimeUnit.NANOSECONDS);
            count(modelName, version, "ok");
            predictions.forEach(events::publish);
            return predictions;
        } catch (InvalidFeatureException e) {
            count(modelName, version, "invalid_argument");
            throw e;
        } catch (RuntimeException e) {
            count(modelName, version, "error");
            LOG.errorf(e, "prediction with model %s v%s failed (request %s)", modelName, version, requestId);
            throw e;
        } finally {
            model.release();
        }
    }

    private List<GraphRunner.Output> run(LoadedModel model, FeatureEncoder.Encoded encoded) {
        try {
            return GraphRunner.run(models.environment(), model.session(), model.schema(), encoded);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on model " + model.name() + " v" + model.version()
                + ": " + e.getMessage(), e);
        }
    }

    private void count(String model, String version, String outcome) {
        meters.counter("meridian.inference.requests", "model", model, "version", version, "outcome", outcome)
            .increment();
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
