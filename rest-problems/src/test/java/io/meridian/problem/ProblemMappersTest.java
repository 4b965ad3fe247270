package io.meridian.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import jakarta.ws.rs.core.Response;

class ProblemMappersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Alias(int version) {
    }

    record Field(String name, String type) {
    }

    record Contract(List<Field> fields, String key) {
    }

    @Test
    void aValueOfTheWrongTypeNamesItsField() {
        // {"version":"one"} fails with InvalidFormatException, a MismatchedInputException
        InvalidFormatException e = assertThrows(InvalidFormatException.class,
            () -> JSON.readValue("{\"version\":\"one\"}", Alias.class));
        Problem problem = problem(new ProblemMappers().mismatchedInput(e, null));
        assertEquals(400, problem.status());
        assertEquals("version", problem.field());
        assertTrue(problem.detail().startsWith("The field 'version' has the wrong type"), problem.detail());
    }

    @Test
    void aNestedValueOfTheWrongShapeNamesItsPath() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> JSON.readValue(
            "{\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":[1]}]}", Contract.class));
        Problem problem = problem(new ProblemMappers().mismatchedInput(e, null));
        assertEquals("fields[1].type", problem.field());
    }

    @Test
    void aBodyOfTheWrongShapeHasNoField() {
        MismatchedInputException e = assertThrows(MismatchedInputException.class,
            () -> JSON.readValue("[1]", Alias.class));
        Problem problem = problem(new ProblemMappers().mismatchedInput(e, null));
        assertEquals(400, problem.status());
        assertNull(problem.field());
    }

    @Test
    void theJsonProcessingMapperAgreesForMismatches() {
        InvalidFormatException e = assertThrows(InvalidFormatException.class,
            () -> JSON.readValue("{\"version\":\"one\"}", Alias.class));
        assertEquals(problem(new ProblemMappers().mismatchedInput(e, null)),
            problem(new ProblemMappers().badJson(e, null)));
    }

    private static Problem problem(Response response) {
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        return assertInstanceOf(Problem.class, response.getEntity());
    }
}
