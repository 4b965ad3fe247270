package io.meridian.inference.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meridian.data.v1.Value;
import io.meridian.inference.model.FeatureRow;
import io.meridian.inference.service.InvalidFeatureException;
import io.meridian.inference.service.ModelManager;
import io.meridian.inference.service.ModelNotFoundException;
import io.meridian.inference.service.PredictionService;
import io.meridian.problem.ProblemException;

/** Predictions and loaded-model information over HTTP. Reads: no token needed. */
@Path("/v1/models/{name}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelResource {
    private final PredictionService predictions;
    private final ModelManager models;

    public ModelResource(PredictionService predictions, ModelManager models) {
        this.predictions = predictions;
        this.models = models;
    }

    @GET
    @Operation(summary = "The version of the model this replica serves; 404 if none is loaded")
    public ModelInfo get(@PathParam("name") String name) {
        return models.current(name).map(ModelInfo::of).orElseThrow(() -> ProblemException.notFound(
            "Model '" + name + "' is not loaded by this inference-service."));
    }

    @POST
    @Path("/predict")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Scores named features with the serving version of the model",
        description = "Features are mapped by name onto the registered inputs: numbers and booleans (as 1/0) for "
            + "numeric inputs, strings for categorical ones. Features the model does not use are ignored and listed "
            + "in ignoredFeatures. Missing required or mistyped feature, or a category the model rejects: 400 with "
            + "field features.<name>; unknown model: 404. Binary: score = P(positive class); multiclass: score = "
            + "P(label); regression: score = the value and no label.")
    public PredictionResponse predict(@PathParam("name") String name, PredictBody body) {
        if (body == null || body.features() == null) {
            throw ProblemException.badRequest("features", "The body must contain a 'features' object.");
        }
        try {
            return PredictionResponse.of(predictions.predict(name, toValues(body.features()), body.requestId(),
                body.entityKey()));
        } catch (InvalidFeatureException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        } catch (ModelNotFoundException e) {
            throw ProblemException.notFound(e.getMessage());
        }
    }

    @POST
    @Path("/predict-batch")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Scores several rows in one run of the serving version of the model",
        description = "Each row follows the rules of /predict. All or nothing: an invalid row is a 400 with field "
            + "rows[i].features.<name>; an empty or oversized batch is a 400 with field rows. One PredictionMade "
            + "event per row.")
    public BatchPredictionResponse predictBatch(@PathParam("name") String name, PredictBatchBody body) {
        if (body == null || body.rows() == null) {
            throw ProblemException.badRequest("rows", "The body must contain a 'rows' array.");
        }
        List<FeatureRow> rows = new ArrayList<>(body.rows().size());
        for (int i = 0; i < body.rows().size(); i++) {
            PredictBatchBody.Row row = body.rows().get(i);
            if (row == null || row.features() == null) {
                throw ProblemException.badRequest("rows[" + i + "].features",
                    "Row " + i + " must contain a 'features' object.");
            }
            rows.add(new FeatureRow(toValues(row.features()), row.entityKey()));
        }
        try {
            List<PredictionResponse> served = predictions.predictBatch(name, rows, body.requestId()).stream()
                .map(PredictionResponse::of).toList();
            PredictionResponse first = served.get(0);
            return new BatchPredictionResponse(first.modelName(), first.modelVersion(), served);
        } catch (InvalidFeatureException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        } catch (ModelNotFoundException e) {
            throw ProblemException.notFound(e.getMessage());
        }
    }

    /**
     * JSON values to typed values: booleans, integers, decimals and strings keep their kind, null stays missing;
     * objects and arrays become their text (rejected by numeric inputs, an unseen category for categorical ones).
     */
    static Map<String, Value> toValues(Map<String, Object> features) {
        Map<String, Value> values = new LinkedHashMap<>();
        features.forEach((key, raw) -> values.put(key, toValue(raw)));
        return values;
    }

    private static Value toValue(Object raw) {
        Value.Builder value = Value.newBuilder();
        if (raw instanceof Boolean b) {
            value.setBoolValue(b);
        } else if (raw instanceof Integer || raw instanceof Long) {
            value.setIntValue(((Number) raw).longValue());
        } else if (raw instanceof Number n) {
            value.setDoubleValue(n.doubleValue());
        } else if (raw != null) {
            value.setStringValue(String.valueOf(raw));
        }
        return value.build();
    }
}
