package io.meridian.training.rest;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.meridian.problem.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

/**
 * Renders a JSON value of the wrong type (e.g. {@code "seed":"abc"}) as a 400 problem naming the field.
 * quarkus-rest-jackson ships a mapper for {@link MismatchedInputException} that is more specific than the
 * JsonProcessingException mapper of rest-problems and answers plain JSON; this one takes precedence.
 */
public class JsonInputProblems {
    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().isEmpty() ? null : e.getPath().get(e.getPath().size() - 1).getFieldName();
        Problem problem = new Problem("about:blank", "Bad Request", 400, "The request body is not valid JSON for "
            + "this endpoint: " + e.getOriginalMessage(), uri.getPath(), field);
        return Response.status(400).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
