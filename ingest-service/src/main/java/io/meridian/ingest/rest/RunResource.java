package io.meridian.ingest.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.IngestionService;
import io.meridian.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * Ingestion runs (lineage of uploads).
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class RunResource {
    private final IngestionService ingestion;

    public RunResource(IngestionService ingestion) {
        this.ingestion = ingestion;
    }

    @GET
    @Path("{runId}")
    @Operation(summary = "The summary of an ingestion run")
    @APIResponse(responseCode = "400", description = "Not a run id (UUID)")
    @APIResponse(responseCode = "404", description = "Unknown run")
    public RunSummary get(@RestPath String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("runId", "'" + runId + "' is not a run id (a UUID).");
        }
        return ingestion.run(id);
    }
}
