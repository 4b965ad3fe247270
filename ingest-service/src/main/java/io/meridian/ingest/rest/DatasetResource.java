package io.meridian.ingest.rest;

import java.io.InputStream;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.IngestionService;
import io.meridian.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Dataset contracts and CSV uploads. */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {
    /** The CSV media type uploads use. */
    public static final String TEXT_CSV = "text/csv";

    private final ContractService contracts;
    private final IngestionService ingestion;

    public DatasetResource(ContractService contracts, IngestionService ingestion) {
        this.contracts = contracts;
        this.ingestion = ingestion;
    }

    @PUT
    @Path("{name}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Create or change a dataset contract",
        description = "201 when a new dataset or contract version is created, 200 when identical to the current version.")
    @APIResponse(responseCode = "201", description = "New contract version")
    @APIResponse(responseCode = "200", description = "Identical to the current version")
    @APIResponse(responseCode = "400", description = "Invalid contract (problem+json naming the field)")
    public Response put(@RestPath String name, ContractRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "Send the contract as JSON: {\"fields\":[...],\"key\":...}.");
        }
        ContractService.PutResult result = contracts.put(name, body.fields(), body.key(), body.label());
        return Response.status(result.created() ? Response.Status.CREATED : Response.Status.OK)
            .entity(result.contract()).build();
    }

    @GET
    @Path("{name}")
    @Operation(summary = "The current contract of a dataset")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public DatasetContract get(@RestPath String name) {
        return contracts.current(name);
    }

    @POST
    @Path("{name}/records")
    @Consumes(TEXT_CSV)
    @RolesAllowed("writer")
    @Operation(summary = "Upload CSV records as one ingestion run",
        description = "Streams the body (RFC 4180, UTF-8, header row first). Rows that do not fit the contract are "
            + "rejected with row number, field and reason; the others are stored and published. The body may be "
            + "at most quarkus.http.limits.max-body-size (1G by default).")
    @APIResponse(responseCode = "200", description = "Run summary")
    @APIResponse(responseCode = "400", description = "Empty body, malformed header, or header lacking a required column")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public RunSummary upload(@RestPath String name,
        @RequestBody(description = "CSV with a header row") InputStream body) {
        return ingestion.ingestCsv(name, body);
    }
}
