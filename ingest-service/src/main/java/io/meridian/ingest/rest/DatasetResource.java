package io.meridian.ingest.rest;

import java.io.InputStream;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.meridian.ingest.format.CsvOptions;
import io.meridian.ingest.format.FileFormat;
import io.meridian.ingest.format.FileIngestion;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.ContractService;
import io.meridian.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Dataset contracts and record uploads (CSV, JSON, NDJSON, XML). */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {
    /** The CSV media type uploads use. */
    public static final String TEXT_CSV = "text/csv";

    /** The NDJSON media type. */
    public static final String NDJSON = "application/x-ndjson";

    private final ContractService contracts;
    private final FileIngestion files;

    public DatasetResource(ContractService contracts, FileIngestion files) {
        this.contracts = contracts;
        this.files = files;
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
        ContractService.PutResult result = contracts.put(name, body);
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
    @Consumes({TEXT_CSV, MediaType.APPLICATION_JSON, NDJSON, FileFormat.JSONL, MediaType.APPLICATION_XML,
        MediaType.TEXT_XML})
    @RolesAllowed("writer")
    @Operation(summary = "Upload records (CSV, JSON array, NDJSON or XML) as one ingestion run",
        description = "Streams the body; the Content-Type picks the format. CSV: header row first (or header=false "
            + "with columns=a,b,c), options delimiter, quote, encoding (the Content-Type charset is not used). JSON: "
            + "one array of objects. NDJSON: one object per line. XML: a root element whose child elements are the "
            + "records (attributes and text child elements are fields). Records that cannot be parsed or do not fit "
            + "the contract are rejected with their position, field and reason; the others are stored and published. "
            + "The body may be at most quarkus.http.limits.max-body-size (1G by default).")
    @APIResponse(responseCode = "200", description = "Run summary")
    @APIResponse(responseCode = "400", description = "Empty body, bad option, malformed header, header lacking a "
        + "required column, not a JSON array, not well-formed XML or a DOCTYPE")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    @APIResponse(responseCode = "413", description = "Body larger than the configured limit")
    @APIResponse(responseCode = "415", description = "Unsupported Content-Type")
    public RunSummary upload(@RestPath String name, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
        @Parameter(description = "CSV field separator: one character or tab/comma/semicolon/pipe (default ,)")
        @RestQuery String delimiter,
        @Parameter(description = "CSV quote character (default \")") @RestQuery String quote,
        @Parameter(description = "CSV character encoding, ASCII-compatible (default UTF-8)")
        @RestQuery String encoding,
        @Parameter(description = "CSV: whether the first row is a header (default true)") @RestQuery String header,
        @Parameter(description = "CSV with header=false: the column names in order, comma separated")
        @RestQuery String columns,
        @RequestBody(description = "The records in the format of the Content-Type") InputStream body) {
        FileFormat format = FileFormat.ofMediaType(contentType).orElseThrow(() -> new ProblemException(415,
            "Unsupported Media Type", "Send text/csv, application/json, application/x-ndjson or application/xml.",
            "Content-Type"));
        CsvOptions csv = format == FileFormat.CSV
            ? CsvOptions.of(delimiter, quote, encoding, header, columns)
            : CsvOptions.DEFAULT;
        return files.ingest(name, format, csv, body, "upload" + format.extension(), format.sourceName());
    }
}
