package io.meridian.problem;

/** A domain error that becomes an {@code application/problem+json} response. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String title;
    private final String field;

    public ProblemException(int status, String title, String detail, String field) {
        super(detail);
        this.status = status;
        this.title = title;
        this.field = field;
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(404, "Not Found", detail, null);
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(400, "Bad Request", detail, field);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "Conflict", detail, null);
    }

    public static ProblemException unprocessable(String field, String detail) {
        return new ProblemException(422, "Unprocessable Content", detail, field);
    }

    public static ProblemException payloadTooLarge(String detail) {
        return new ProblemException(413, "Content Too Large", detail, null);
    }

    public static ProblemException unavailable(String detail) {
        return new ProblemException(503, "Service Unavailable", detail, null);
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The input at fault, or null. */
    public String field() {
        return field;
    }
}
