package io.meridian.ingest.rest;

import java.util.List;
import java.util.UUID;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.model.QuarantinedRecord;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.repository.QuarantineRepository;
import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.IngestionService;
import io.meridian.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The quarantine of a dataset: records that failed its contract, and their replay.
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/datasets/{name}/quarantine")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "quarantine")
public class QuarantineResource {
    private static final int MAX_PAGE = 1000;

    private final QuarantineRepository quarantine;
    private final ContractService contracts;
    private final IngestionService ingestion;
    private final IngestConfig config;

    /** One page: the filter, the total matching it and the records (oldest first). */
    public record QuarantinePage(String dataset, String runId, String status, int page, int size, long total,
        List<QuarantinedRecord> records) {
    }

    /** Body of a replay: optionally only the records of one run. */
    public record ReplayRequest(String runId) {
    }

    public QuarantineResource(QuarantineRepository quarantine, ContractService contracts, IngestionService ingestion,
        IngestConfig config) {
        this.quarantine = quarantine;
        this.contracts = contracts;
        this.ingestion = ingestion;
        this.config = config;
    }

    @GET
    @Operation(summary = "Quarantined records of a dataset",
        description = "Paged (page from 0, size up to 1000), optionally of one run and of one status "
            + "(QUARANTINED, REPLAYED, DEDUPLICATED). Each record has its payload, every failed rule per field, "
            + "its source coordinates, run id and contract version.")
    @APIResponse(responseCode = "400", description = "Bad page, size, run id or status")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public QuarantinePage list(@RestPath String name, @RestQuery String runId, @RestQuery String status,
        @RestQuery Integer page, @RestQuery Integer size) {
        contracts.current(name);
        UUID run = QueryParams.runId(runId, "runId");
        int p = page == null ? 0 : page;
        int s = size == null ? config.quarantinePageSize() : size;
        if (p < 0) {
            throw ProblemException.badRequest("page", "page starts at 0.");
        }
        if (s < 1 || s > MAX_PAGE) {
            throw ProblemException.badRequest("size", "size must be between 1 and " + MAX_PAGE + ".");
        }
        if (status != null && !List.of(QuarantinedRecord.QUARANTINED, QuarantinedRecord.REPLAYED,
            QuarantinedRecord.DEDUPLICATED).contains(status)) {
            throw ProblemException.badRequest("status", "status must be QUARANTINED, REPLAYED or DEDUPLICATED.");
        }
        long offset = (long) p * s;
        if (offset > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("page", "page is too large.");
        }
        return new QuarantinePage(name, runId, status, p, s, quarantine.count(name, run, status),
            quarantine.page(name, run, status, (int) offset, s));
    }

    @POST
    @Path("replay")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Replay the quarantine against the current contract",
        description = "Re-validates the still-quarantined records (all, or those of body.runId) against the dataset's "
            + "current contract as a new run of source 'replay': those that now pass are stored and published, the "
            + "others stay with their new violations. Returns the replay run's summary.")
    @APIResponse(responseCode = "200", description = "Replay run summary")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public RunSummary replay(@RestPath String name, ReplayRequest body) {
        UUID run = QueryParams.runId(body == null ? null : body.runId(), "runId");
        return ingestion.replay(name, run);
    }
}
