package io.meridian.inference.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.meridian.data.v1.Value;
import io.meridian.inference.messaging.PredictionEventPublisher;
import io.meridian.inference.model.FeatureInput;
import io.meridian.inference.model.LoadedModel;
import io.meridian.inference.model.Prediction;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Scores named features with the serving version of a model; the one prediction path behind REST and gRPC.
 * Features are mapped by name onto the registered input order; numbers become float32, booleans 0/1; features
 * the model does not use are ignored. Score = P(positive class) from column 1 of the probabilities output.
 */
@ApplicationScoped
public class PredictionService {
    private static final Logger LOG = Logger.getLogger(PredictionService.class);
    /** Label used on request metrics when the model is unknown, keeping label values bounded. */
    static final String UNKNOWN = "unknown";

    private final ModelManager models;
    private final PredictionEventPublisher events;
    private final MeterRegistry meters;

    public PredictionService(ModelManager models, PredictionEventPublisher events, MeterRegistry meters) {
        this.models = models;
        this.events = events;
        this.meters = meters;
    }

    /**
     * Scores {@code features} with the serving version of {@code modelName}, loading it once from the registry
     * if it is not loaded yet.
     *
     * @throws ModelNotFoundException   no version of the model holds the serving alias
     * @throws InvalidFeatureException  a registered input is missing or not numeric
     */
    public Prediction predict(String modelName, Map<String, Value> features, String requestId, String entityKey) {
        long started = System.nanoTime();
        LoadedModel model = models.acquireOrLoad(modelName).orElse(null);
        if (model == null) {
            count(UNKNOWN, "none", "not_found");
            throw new ModelNotFoundException("No version of model '" + modelName + "' is loaded or holds the "
                + "serving alias in the registry.");
        }
        String version = Long.toString(model.version());
        try {
            Map<String, Value> used = new LinkedHashMap<>();
            float[][] row = toRow(model, features, used);
            float[] probabilities = run(model, row);
            double score = probabilities[1];
            Map<String, Double> byClass = new LinkedHashMap<>();
            byClass.put(model.negativeClass(), (double) probabilities[0]);
            byClass.put(model.positiveClass(), score);
            long latencyNanos = System.nanoTime() - started;
            Prediction prediction = new Prediction(UUID.randomUUID().toString(), modelName, model.version(), score,
                score >= 0.5 ? model.positiveClass() : model.negativeClass(), byClass, used, emptyToNull(requestId),
                emptyToNull(entityKey), Instant.now(), TimeUnit.NANOSECONDS.toMicros(latencyNanos));
            Timer.builder("meridian.inference.request").description("Prediction latency inside the service")
                .tag("model", modelName).register(meters).record(latencyNanos, TimeUnit.NANOSECONDS);
            count(modelName, version, "ok");
            events.publish(prediction);
            return prediction;
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

    private static float[][] toRow(LoadedModel model, Map<String, Value> features, Map<String, Value> used) {
        float[][] row = new float[1][model.inputs().size()];
        int column = 0;
        for (FeatureInput input : model.inputs()) {
            String field = "features." + input.name();
            Value value = features.get(input.name());
            if (value == null || value.getKindCase() == Value.KindCase.KIND_NOT_SET) {
                throw new InvalidFeatureException(field, "Feature '" + input.name() + "' is required by model "
                    + model.name() + " v" + model.version() + " but is missing or null.");
            }
            double number = switch (value.getKindCase()) {
                case INT_VALUE -> value.getIntValue();
                case DOUBLE_VALUE -> value.getDoubleValue();
                case BOOL_VALUE -> value.getBoolValue() ? 1 : 0;
                default -> throw new InvalidFeatureException(field, "Feature '" + input.name()
                    + "' must be a number or a boolean.");
            };
            if (!Double.isFinite(number)) {
                throw new InvalidFeatureException(field, "Feature '" + input.name() + "' must be a finite number.");
            }
            row[0][column++] = (float) number;
            used.put(input.name(), value);
        }
        return row;
    }

    private float[] run(LoadedModel model, float[][] row) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(models.environment(), row);
                OrtSession.Result result = model.session().run(Map.of(model.inputName(), tensor),
                    Set.of(model.probabilitiesOutput()))) {
            return ModelManager.probabilities(result, model.probabilitiesOutput())[0];
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
