package io.meridian.monitor.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meridian.monitor.model.ModelSummary;
import io.meridian.monitor.service.PredictionStats;
import io.meridian.problem.ProblemException;

/** Prediction summaries per model version (this replica's view; Prometheus holds the aggregated numbers). */
@Path("/v1/models/{name}/summary")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
public class ModelSummaryResource {
    private final PredictionStats stats;

    public ModelSummaryResource(PredictionStats stats) {
        this.stats = stats;
    }

    @GET
    @Operation(summary = "Predictions, mean score and last prediction time per version; 404 if none seen")
    public ModelSummary summary(@PathParam("name") String name) {
        return stats.summary(name).orElseThrow(() -> ProblemException.notFound(
            "No prediction of model '" + name + "' has been seen by this monitor-service replica."));
    }
}
