package io.meridian.ingest.rest;

import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.messaging.LineagePublisher;
import io.meridian.ingest.service.IngestionService;
import io.meridian.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The OpenLineage RunEvent of an ingestion run (as emitted on meridian.ingest.lineage.v1).
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/runs/{runId}/lineage")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "runs")
public class LineageResource {
    private final IngestionService ingestion;
    private final LineagePublisher lineage;

    public LineageResource(IngestionService ingestion, LineagePublisher lineage) {
        this.ingestion = ingestion;
        this.lineage = lineage;
    }

    @GET
    @Operation(summary = "The OpenLineage RunEvent of a run")
    @APIResponse(responseCode = "400", description = "Not a run id (UUID)")
    @APIResponse(responseCode = "404", description = "Unknown run")
    public ObjectNode get(@RestPath String runId) {
        UUID id;
        try {
            id = UUID.fromString(runId);
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("runId", "'" + runId + "' is not a run id (a UUID).");
        }
        return lineage.runEvent(ingestion.run(id));
    }
}
