package io.meridian.ingest.rest;

import java.util.UUID;

import io.meridian.problem.ProblemException;

/**
 * Query parameters parsed by hand, so that a malformed value is a 400 problem naming the parameter (a JAX-RS
 * conversion failure of a typed query parameter would be a bare 404).
 */
final class QueryParams {
    private QueryParams() {
    }

    /** The run id in {@code text}, or null when it is absent or blank; 400 naming {@code field} if not a UUID. */
    static UUID runId(String text, String field) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return UUID.fromString(text.trim());
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest(field, "'" + text + "' is not a run id (a UUID).");
        }
    }

    /**
     * The whole number in {@code text}, {@code absent} when it is absent or blank; 400 naming {@code field} if it is
     * not a number between {@code min} and {@code max}.
     */
    static long number(String text, String field, long absent, long min, long max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw notInRange(field, min, max);
        }
        if (value < min || value > max) {
            throw notInRange(field, min, max);
        }
        return value;
    }

    private static ProblemException notInRange(String field, long min, long max) {
        return ProblemException.badRequest(field, field + " must be a whole number between " + min + " and " + max
            + ".");
    }
}
