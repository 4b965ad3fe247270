package io.meridian.registry.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.meridian.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Renders JSON bodies of the wrong shape (e.g. {@code {"version":"one"}}) as a 400 problem naming the
 * field. rest-problems maps {@code JsonProcessingException}, but quarkus-rest-jackson's built-in mapper for
 * the more specific {@link MismatchedInputException} wins over it and answers plain JSON; this mapper for
 * the exact type takes precedence again.
 */
public class JsonBodyProblemMapper {
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        String detail = field == null ? "The request body does not have the shape this endpoint expects."
            : "The field '" + field + "' has the wrong type.";
        Problem problem = new Problem("about:blank", "Bad Request", 400, detail, uri.getPath(), field);
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
