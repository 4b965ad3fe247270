package io.meridian.ingest.rest;

import java.io.InputStream;
import java.util.List;

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
import io.meridian.ingest.model.RecordFilter;
import io.meridian.ingest.model.RunSummary;
import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.IngestionService;
import io.meridian.ingest.service.IngestionService.CuratedRecord;
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

/**
 * Dataset contracts and record uploads (CSV, JSON, NDJSON, XML).
 * Roles: see the package documentation.
 */
@RolesAllowed({"reader", "writer"})
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "datasets")
public class DatasetResource {
    /** The CSV media type uploads use. */
    public static final String TEXT_CSV = "text/csv";

    /** The NDJSON media type. */
    public static final String NDJSON = "application/x-ndjson";

    /** Records per page of {@code GET /v1/datasets/{name}/records} unless {@code limit} says otherwise. */
    static final int DEFAULT_RECORDS_PAGE = 100;

    /** Largest {@code limit} of {@code GET /v1/datasets/{name}/records}. */
    static final int MAX_RECORDS_PAGE = 1000;

    private final ContractService contracts;
    private final FileIngestion files;
    private final IngestionService ingestion;

    /**
     * One page of curated records: the filters it was read with (null when not given), the records, and the
     * {@code after} of the next page, null when this is the last one.
     */
    public record RecordPage(String dataset, String runId, String key, List<CuratedRecord> records, Long next) {
    }

    public DatasetResource(ContractService contracts, FileIngestion files, IngestionService ingestion) {
        this.contracts = contracts;
        this.files = files;
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

    @GET
    @Path("{name}/records")
    @Operation(summary = "Curated records of a dataset, optionally of one run and/or one record key",
        description = "Oldest first, keyset paged: pass the page's next as after to get the following page (next is "
            + "null on the last page). key is compared exactly with the stored record key; a composite key is its "
            + "values joined with |. Values are typed as the contract version each record was stored under says.")
    @APIResponse(responseCode = "200", description = "One page of records")
    @APIResponse(responseCode = "400", description = "runId not a UUID, after or limit not a number in range")
    @APIResponse(responseCode = "404", description = "Unknown dataset")
    public RecordPage records(@RestPath String name,
        @Parameter(description = "Only records stored by this ingestion run (UUID)") @RestQuery String runId,
        @Parameter(description = "Only records with this record key") @RestQuery String key,
        @Parameter(description = "Only records with an id above this one (default 0: from the start)")
        @RestQuery String after,
        @Parameter(description = "Records per page, 1 to " + MAX_RECORDS_PAGE + " (default "
            + DEFAULT_RECORDS_PAGE + ")") @RestQuery String limit) {
        contracts.current(name);
        RecordFilter filter = new RecordFilter(QueryParams.runId(runId, "runId"),
            key == null || key.isEmpty() ? null : key);
        long afterId = QueryParams.number(after, "after", 0, 0, Long.MAX_VALUE);
        int size = (int) QueryParams.number(limit, "limit", DEFAULT_RECORDS_PAGE, 1, MAX_RECORDS_PAGE);
        // one record more than asked for tells whether another page follows
        List<CuratedRecord> records = ingestion.read(name, filter, afterId, size + 1);
        boolean more = records.size() > size;
        List<CuratedRecord> page = more ? records.subList(0, size) : records;
        return new RecordPage(name, filter.runId() == null ? null : filter.runId().toString(), filter.key(), page,
            more ? page.get(size - 1).id() : null);
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
