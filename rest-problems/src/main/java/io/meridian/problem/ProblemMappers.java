package io.meridian.problem;

import java.util.List;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Turns every error a REST client can cause into {@code application/problem+json}. Services need
 * {@code quarkus.http.auth.proactive=false} so authentication failures reach these mappers.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return respond(e.status(), e.title(), e.getMessage(), e.field(), uri);
    }

    @ServerExceptionMapper
    public Response badJson(JsonProcessingException e, UriInfo uri) {
        if (e instanceof MismatchedInputException mismatch) {
            return mismatchedInput(mismatch, uri);
        }
        return respond(400, "Bad Request", "The request body is not valid JSON for this endpoint: "
            + e.getOriginalMessage(), null, uri);
    }

    /**
     * A JSON value of the wrong type or shape ({@code {"version":"one"}}), including the subclasses
     * {@code InvalidFormatException}, {@code UnrecognizedPropertyException}, ...: 400 naming the field. Mapped
     * for this exact type because quarkus-rest-jackson ships a mapper for it that is more specific than
     * {@link #badJson} and answers plain JSON; for the same type an application mapper wins.
     */
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = field(e.getPath());
        String detail = field == null
            ? "The request body does not have the shape this endpoint expects: " + e.getOriginalMessage()
            : "The field '" + field + "' has the wrong type or shape: " + e.getOriginalMessage();
        return respond(400, "Bad Request", detail, field, uri);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthorized(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(401, "Unauthorized",
                "This endpoint needs a valid bearer token (Authorization: Bearer <JWT>).", null, uri))
            .header("WWW-Authenticate", "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "Forbidden", "The token is valid but lacks the role this endpoint needs.", null, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return respond(status.getStatusCode(), status.getReasonPhrase(), e.getMessage(), null, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Exception e, UriInfo uri) {
        LOG.errorf(e, "unhandled error on %s", uri.getPath());
        return respond(500, "Internal Server Error",
            "The server could not complete the request; the error is logged.", null, uri);
    }

    /** The JSON path at fault as the services name fields: {@code seed}, {@code fields[1].type}; null for the root. */
    static String field(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                if (field.length() > 0) {
                    field.append('.');
                }
                field.append(step.getFieldName());
            } else if (step.getIndex() >= 0) {
                field.append('[').append(step.getIndex()).append(']');
            }
        }
        return field.length() == 0 ? null : field.toString();
    }

    static Response respond(int status, String title, String detail, String field, UriInfo uri) {
        Problem problem = new Problem("about:blank", title, status, detail, uri == null ? null : uri.getPath(), field);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
