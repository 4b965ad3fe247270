package io.meridian.ingest.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.service.ContractService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The history of a dataset's contract.
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/datasets/{name}/versions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class ContractVersionResource {
    private final ContractService contracts;

    public ContractVersionResource(ContractService contracts) {
        this.contracts = contracts;
    }

    @GET
    @Operation(summary = "Every version of a dataset's contract, oldest first")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public List<DatasetContract> history(@RestPath String name) {
        return contracts.history(name);
    }

    @GET
    @Path("{version}")
    @Operation(summary = "One version of a dataset's contract")
    @APIResponse(responseCode = "404", description = "Unknown dataset or version")
    public DatasetContract version(@RestPath String name, @RestPath int version) {
        contracts.current(name);
        return contracts.versionOrNotFound(name, version);
    }
}
