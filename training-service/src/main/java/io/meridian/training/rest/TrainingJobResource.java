package io.meridian.training.rest;

import java.util.List;
import java.util.Locale;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;

import io.meridian.problem.ProblemException;
import io.meridian.training.model.Job;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobState;
import io.meridian.training.service.JobService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/** Training jobs over REST. */
@Path("/v1/training-jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training-jobs")
public class TrainingJobResource {
    static final int MAX_LIST = 500;

    private final JobService jobs;

    public TrainingJobResource(JobService jobs) {
        this.jobs = jobs;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Queue a training job", description = "Validates the spec and runs the job in the "
        + "background; poll the Location, watch it over gRPC or follow meridian.training.jobs.v1.")
    @APIResponse(responseCode = "202", description = "Queued; Location points at the job")
    @APIResponse(responseCode = "400", description = "Invalid spec; the problem names the field")
    @APIResponse(responseCode = "503", description = "The training queue is full")
    public Response submit(JsonNode spec, @Context UriInfo uri) {
        Job job = jobs.submit(spec);
        return Response.accepted(job).location(uri.getAbsolutePathBuilder().path(job.id()).build()).build();
    }

    @GET
    @Operation(summary = "List training jobs, newest first")
    @APIResponse(responseCode = "200", description = "The jobs")
    @APIResponse(responseCode = "400", description = "Unknown state or a limit outside 1..500")
    public List<Job> list(@QueryParam("state") String state, @QueryParam("limit") @DefaultValue("50") int limit) {
        if (limit < 1 || limit > MAX_LIST) {
            throw ProblemException.badRequest("limit", "limit must be from 1 to " + MAX_LIST + "; got " + limit + ".");
        }
        JobState wanted = null;
        if (state != null && !state.isBlank()) {
            try {
                wanted = JobState.valueOf(state.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("state", "Unknown state '" + state + "'; one of "
                    + List.of(JobState.values()) + ".");
            }
        }
        return jobs.list(wanted, limit);
    }

    @GET
    @Path("{id}")
    @Operation(summary = "Get a training job: state, progress, metrics, the result report and the model version")
    @APIResponse(responseCode = "200", description = "The job")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public Job get(@PathParam("id") String id) {
        return jobs.get(id);
    }

    @DELETE
    @Path("{id}")
    @RolesAllowed("writer")
    @Operation(summary = "Cancel a queued or running job", description = "A queued job is CANCELLED at once; a "
        + "running job stops at its next step (poll until CANCELLED).")
    @APIResponse(responseCode = "202", description = "Cancelled, or cancellation requested")
    @APIResponse(responseCode = "404", description = "Unknown job")
    @APIResponse(responseCode = "409", description = "The job already finished")
    public Response cancel(@PathParam("id") String id) {
        return Response.accepted(jobs.cancel(id)).build();
    }

    @GET
    @Path("{id}/trials")
    @Operation(summary = "The hyperparameter search trials of a finished job, in the order they ran")
    @APIResponse(responseCode = "200", description = "Every trial's hyperparameters, metrics and score (empty "
        + "without a search or before the job succeeded)")
    @APIResponse(responseCode = "404", description = "Unknown job")
    public List<JobResult.Trial> trials(@PathParam("id") String id) {
        Job job = jobs.get(id);
        return job.result() == null ? List.of() : job.result().trials();
    }
}
