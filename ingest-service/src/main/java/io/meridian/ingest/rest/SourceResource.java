package io.meridian.ingest.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.source.Source;
import io.meridian.ingest.source.SourceManager;
import io.meridian.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Sources (JDBC polling, REST pull, Kafka, MQTT) configured through the API, and their state.
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/sources")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "sources")
public class SourceResource {
    private final SourceManager sources;

    /** A new source. Credentials are never values here: {@code config} names environment variables. */
    public record SourceRequest(String name, String dataset, String type, ObjectNode config, ObjectNode mapping) {
    }

    public SourceResource(SourceManager sources) {
        this.sources = sources;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Create and start a source",
        description = "type jdbc|rest|kafka|mqtt; config per type (see the README); mapping maps input fields onto "
            + "the contract (rename, JSON path, constant, derived timestamp, topic segment). Literal credentials "
            + "are refused: name environment variables (passwordEnv, {\"env\":\"NAME\"}).")
    @APIResponse(responseCode = "201", description = "The source, running")
    @APIResponse(responseCode = "400", description = "Invalid source (problem+json naming the field)")
    @APIResponse(responseCode = "409", description = "A source with this name exists")
    public Response create(SourceRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "Send the source as JSON: {\"name\",\"dataset\",\"type\","
                + "\"config\":{...},\"mapping\":{...}}.");
        }
        Source source = sources.create(body.name(), body.dataset(), body.type(), body.config(), body.mapping());
        return Response.status(Response.Status.CREATED).header("Location", "/v1/sources/" + source.name())
            .entity(source).build();
    }

    @GET
    @Operation(summary = "All sources with their state (status, position, last run, counts, last error)")
    public List<Source> list() {
        return sources.list();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "One source with its state")
    @APIResponse(responseCode = "404", description = "Unknown source")
    public Source get(@RestPath String name) {
        return sources.get(name);
    }

    @POST
    @Path("{name}/pause")
    @RolesAllowed("writer")
    @Operation(summary = "Pause a source after its current poll (kept paused across restarts)")
    @APIResponse(responseCode = "404", description = "Unknown source")
    public Source pause(@RestPath String name) {
        return sources.pause(name);
    }

    @POST
    @Path("{name}/resume")
    @RolesAllowed("writer")
    @Operation(summary = "Resume a paused source from its recorded position")
    @APIResponse(responseCode = "404", description = "Unknown source")
    public Source resume(@RestPath String name) {
        return sources.resume(name);
    }

    @DELETE
    @Path("{name}")
    @RolesAllowed("writer")
    @Operation(summary = "Stop and delete a source (its runs and records stay)")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "404", description = "Unknown source")
    public Response delete(@RestPath String name) {
        sources.delete(name);
        return Response.noContent().build();
    }
}
