package io.meridian.inference.rest;

import java.util.LinkedHashMap;
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
        description = "Numbers and booleans (as 0/1) are mapped by name onto the registered inputs; features the "
            + "model does not use are ignored. Missing or non-numeric feature: 400; unknown model: 404.")
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

    /** JSON values to typed values; objects and arrays become strings (rejected if the model uses them). */
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
