package io.meridian.ingest.source;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resolves the environment variables a source's config names ({@code passwordEnv}, {@code {"env":..}}) at run
 * time, and scrubs every value it handed out from texts that leave the source (errors shown by the API, logs).
 * A variable is read from the process environment, else from a JVM system property of the same name
 * ({@code -DORDERS_DB_PASSWORD=...}, used by tests). Values are never stored.
 */
public final class Secrets {
    private static final String MASK = "****";
    private final Set<String> handedOut = ConcurrentHashMap.newKeySet();

    /** The value of the variable; a {@link ConfigException} naming the variable (never a value) when unset. */
    public String resolve(String variable) {
        String value = System.getenv(variable);
        if (value == null) {
            value = System.getProperty(variable);
        }
        if (value == null) {
            throw new ConfigException("config", "The environment variable " + variable
                + " named by the source's config is not set in the ingest-service's environment.");
        }
        if (value.length() >= 3) {
            handedOut.add(value);
        }
        return value;
    }

    /** The text with every resolved value replaced by a mask. */
    public String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : handedOut) {
            out = out.replace(secret, MASK);
        }
        return out;
    }
}
