package io.meridian.testing;

import java.time.Duration;

/** Bearer tokens for tests, signed by the key the application under test trusts ({@link JwtResource}). */
public final class TestTokens {
    private TestTokens() {
    }

    /** A one-hour token for {@code subject} with the given roles. */
    public static String token(String subject, String... roles) {
        return SharedInfra.tokens().token(subject, Duration.ofHours(1), roles);
    }

    /** A token with the {@code writer} role (uploads, contracts, jobs, aliases). */
    public static String writer() {
        return token("test-writer", "reader", "writer");
    }

    /** A token with the {@code reader} role only. */
    public static String reader() {
        return token("test-reader", "reader");
    }

    /** The value of an {@code Authorization} header for {@code token}. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }
}
