package io.meridian.ingest.rest;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.meridian.ingest.model.DataProfile;
import io.meridian.ingest.repository.ProfileRepository;
import io.meridian.ingest.service.ContractService;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * The data profile of a dataset's curated records.
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/datasets/{name}/profile")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class ProfileResource {
    private final ProfileRepository profiles;
    private final ContractService contracts;

    public ProfileResource(ProfileRepository profiles, ContractService contracts) {
        this.profiles = profiles;
        this.contracts = contracts;
    }

    @GET
    @Operation(summary = "Profile of a dataset's curated records",
        description = "Per field of the current contract: count, nulls, distinct, min/max/mean/stddev and quantiles "
            + "p05..p95 for numbers, min/max for timestamps, top values; computed in PostgreSQL.")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public DataProfile get(@RestPath String name) {
        return profiles.profile(contracts.current(name));
    }
}
