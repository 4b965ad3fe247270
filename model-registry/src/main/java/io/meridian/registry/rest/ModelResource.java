package io.meridian.registry.rest;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meridian.problem.ProblemException;
import io.meridian.registry.model.ModelVersion;
import io.meridian.registry.model.RegisteredModel;
import io.meridian.registry.model.RegistryException;
import io.meridian.registry.rest.RegistryJson.AuditEntryJson;
import io.meridian.registry.rest.RegistryJson.AuditJson;
import io.meridian.registry.rest.RegistryJson.ModelJson;
import io.meridian.registry.rest.RegistryJson.ModelListJson;
import io.meridian.registry.rest.RegistryJson.ModelSummaryJson;
import io.meridian.registry.rest.RegistryJson.SetAliasJson;
import io.meridian.registry.rest.RegistryJson.VersionJson;
import io.meridian.registry.service.ArtifactStore;
import io.meridian.registry.service.CurrentCaller;
import io.meridian.registry.service.RegistryService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** REST API of the registry: models, versions, artifacts, aliases, audit trail. Reads are open. */
@Path("/v1/models")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "models")
@Blocking
public class ModelResource {
    /** Response header with the artifact's SHA-256 (hex). */
    public static final String SHA256_HEADER = "X-Artifact-Sha256";

    private final RegistryService registry;
    private final ArtifactStore store;
    private final CurrentCaller caller;

    public ModelResource(RegistryService registry, ArtifactStore store, CurrentCaller caller) {
        this.registry = registry;
        this.store = store;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Lists the registered models with their latest version and aliases")
    public ModelListJson list() {
        return new ModelListJson(registry.listModels().stream().map(ModelSummaryJson::of).toList());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One model with all its versions and aliases")
    public ModelJson get(@PathParam("name") String name) {
        RegisteredModel model = call(() -> registry.getModel(name));
        List<VersionJson> versions = registry.listVersions(name).stream().map(VersionJson::of).toList();
        return new ModelJson(model.name(), model.latestVersion(), versions, model.aliases(), model.createdAt(),
            model.updatedAt());
    }

    @GET
    @Path("/{name}/versions/{version}")
    @Operation(summary = "One immutable model version")
    public VersionJson version(@PathParam("name") String name, @PathParam("version") long version) {
        return VersionJson.of(call(() -> registry.getVersion(name, version)));
    }

    @GET
    @Path("/{name}/versions/{version}/artifact")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    @Operation(summary = "The artifact bytes of a version (ETag and X-Artifact-Sha256 = its SHA-256)")
    public Response artifact(@PathParam("name") String name, @PathParam("version") long version,
        @HeaderParam("If-None-Match") String ifNoneMatch) {
        ModelVersion v = call(() -> registry.getVersion(name, version));
        EntityTag etag = new EntityTag(v.artifactSha256());
        if (ifNoneMatch != null && ifNoneMatch.contains(v.artifactSha256())) {
            return Response.notModified(etag).header(SHA256_HEADER, v.artifactSha256()).build();
        }
        return Response.ok(store.path(v.artifactLocation()).toFile(), MediaType.APPLICATION_OCTET_STREAM_TYPE)
            .tag(etag)
            .header(SHA256_HEADER, v.artifactSha256())
            .header("Content-Disposition", "attachment; filename=\"" + v.modelName() + "-" + v.version() + "."
                + v.format() + "\"")
            .build();
    }

    @PUT
    @Path("/{name}/aliases/{alias}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("writer")
    @Operation(summary = "Points an alias at a version (creates or moves it); needs role writer")
    public VersionJson setAlias(@PathParam("name") String name, @PathParam("alias") String alias, SetAliasJson body) {
        if (body == null || body.version() == null) {
            throw ProblemException.badRequest("version", "The body must be {\"version\": <number>}.");
        }
        String subject = caller.subject();
        return VersionJson.of(call(() -> registry.setAlias(name, alias, body.version(), subject).version()));
    }

    @GET
    @Path("/{name}/aliases/{alias}")
    @Operation(summary = "The version an alias points to")
    public VersionJson alias(@PathParam("name") String name, @PathParam("alias") String alias) {
        return VersionJson.of(call(() -> registry.resolveAlias(name, alias)));
    }

    @GET
    @Path("/{name}/audit")
    @Operation(summary = "The model's append-only audit trail, oldest first")
    public AuditJson audit(@PathParam("name") String name) {
        return new AuditJson(name, call(() -> registry.audit(name)).stream().map(AuditEntryJson::of).toList());
    }

    /** Runs a registry call, turning its errors into problem+json. */
    private static <T> T call(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (RegistryException e) {
            throw switch (e.kind()) {
                case NOT_FOUND -> ProblemException.notFound(e.getMessage());
                case INVALID -> ProblemException.badRequest(e.field(), e.getMessage());
                case TOO_LARGE -> ProblemException.payloadTooLarge(e.getMessage());
            };
        }
    }
}
