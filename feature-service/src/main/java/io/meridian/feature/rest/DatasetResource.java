package io.meridian.feature.rest;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.meridian.data.v1.Value;
import io.meridian.feature.model.DatasetSummary;
import io.meridian.feature.model.FeatureRow;
import io.meridian.feature.service.FeatureQueryService;
import io.meridian.feature.service.UnknownDatasetException;
import io.meridian.problem.ProblemException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** Read-only REST view of the feature store. Reads are open (no token). */
@Path("/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "features", description = "Offline and online feature store")
public class DatasetResource {
    private final FeatureQueryService queries;

    public DatasetResource(FeatureQueryService queries) {
        this.queries = queries;
    }

    /** Counts of one dataset. */
    public record DatasetJson(String dataset, long entities, long rows, Instant lastEventAt) {
        static DatasetJson of(DatasetSummary summary) {
            return new DatasetJson(summary.dataset(), summary.entities(), summary.rows(), summary.lastEventAt());
        }
    }

    /** The online (latest) feature values of one entity. */
    public record EntityJson(String entityKey, Map<String, Object> values, Instant eventTime) {
        static EntityJson of(FeatureRow row) {
            Map<String, Object> values = new TreeMap<>();
            row.values().getFieldsMap().forEach((name, value) -> values.put(name, json(value)));
            return new EntityJson(row.entityKey(), values, row.eventTime());
        }
    }

    @GET
    @Path("/{dataset}")
    @Operation(summary = "Entity and row counts of a dataset and its latest event time")
    @APIResponse(responseCode = "200", description = "The dataset's counts")
    @APIResponse(responseCode = "404", description = "Nothing ingested for the dataset (problem+json)")
    public DatasetJson dataset(@PathParam("dataset") String dataset) {
        try {
            return DatasetJson.of(queries.summary(dataset));
        } catch (UnknownDatasetException e) {
            throw ProblemException.notFound(e.getMessage());
        }
    }

    @GET
    @Path("/{dataset}/entities/{key}")
    @Operation(summary = "The latest (online) feature values of one entity")
    @APIResponse(responseCode = "200", description = "The entity's values, typed as JSON")
    @APIResponse(responseCode = "404", description = "No row for the entity in the dataset (problem+json)")
    public EntityJson entity(@PathParam("dataset") String dataset, @PathParam("key") String key) {
        return queries.online(dataset, key).map(EntityJson::of).orElseThrow(() -> ProblemException.notFound(
                "Dataset " + dataset + " has no entity with key " + key));
    }

    /** A typed value as JSON: string, number, boolean, ISO-8601 instant, or null. */
    static Object json(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue();
            case TIMESTAMP_VALUE -> Instant.ofEpochSecond(value.getTimestampValue().getSeconds(),
                    value.getTimestampValue().getNanos()).toString();
            case KIND_NOT_SET -> null;
        };
    }
}
