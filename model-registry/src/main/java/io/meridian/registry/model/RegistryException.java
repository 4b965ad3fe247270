package io.meridian.registry.model;

/** A failure a caller can cause; the gRPC and REST layers turn {@link Kind} into a status. */
public class RegistryException extends RuntimeException {
    /** What went wrong, independent of the protocol. */
    public enum Kind {
        INVALID, NOT_FOUND, TOO_LARGE
    }

    private final Kind kind;
    private final String field;

    public RegistryException(Kind kind, String field, String message) {
        super(message);
        this.kind = kind;
        this.field = field;
    }

    public static RegistryException invalid(String field, String message) {
        return new RegistryException(Kind.INVALID, field, message);
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(Kind.NOT_FOUND, null, message);
    }

    public static RegistryException tooLarge(String message) {
        return new RegistryException(Kind.TOO_LARGE, null, message);
    }

    public Kind kind() {
        return kind;
    }

    /** The input at fault, or null. */
    public String field() {
        return field;
    }
}
