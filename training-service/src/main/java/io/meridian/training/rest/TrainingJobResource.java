package io.meridian.training.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meridian.training.model.Job;
import io.meridian.training.model.JobSpecRequest;
import io.meridian.training.service.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Training jobs over REST. */
@Path("/v1/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training-jobs")
public class TrainingJobResource {
    private final JobService jobs;

    public TrainingJobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Queue a training job", description = "Validates the spec and runs the job in the "
        + "background; poll the Location or watch it over gRPC.")
    @APIResponse(responseCode = "202", description = "Queued; Location points at the job")
    @APIResponse(responseCode = "400", description = "Invalid spec; the problem names the field")
    @APIResponse(responseCode = "503", description = "The training queue is full")
    public Response submit(JobSpecRequest spec, @Context UriInfo uri) {
        Job job = jobs.submit(spec);
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(job.id()).build()).build();
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a training job with its state, progress, metrics and registered model version")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public Job get(@PathParam("id") String id) {
        return jobs.get(id);
    }
}
