package io.meridian.ingest.source;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Typed, validating reads of a source's {@code config} object. Every error names the key as {@code config.<key>}.
 * Credentials are never values here: a key such as {@code password} or {@code token} with a literal value is
 * refused; {@code passwordEnv} names the environment variable to read at run time.
 */
public final class SourceConfig {
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Set<String> SECRET_WORDS = Set.of("password", "passwd", "secret", "token", "apikey",
        "api_key", "credential", "credentials", "jaas");

    private final ObjectNode node;
    private final String prefix;

    public SourceConfig(ObjectNode node) {
        this(node, "config");
    }

    private SourceConfig(ObjectNode node, String prefix) {
        this.node = node;
        this.prefix = prefix;
    }

    public ObjectNode node() {
        return node;
    }

    public String field(String key) {
        return prefix + "." + key;
    }

    public boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    public String string(String key) {
        String v = string(key, null);
        if (v == null || v.isBlank()) {
            throw new ConfigException(field(key), "'" + field(key) + "' is required.");
        }
        return v;
    }

    public String string(String key, String fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual()) {
            throw new ConfigException(field(key), "'" + field(key) + "' must be a string.");
        }
        return v.asText();
    }

    public long number(String key, long fallback, long min, long max) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.canConvertToLong() || !v.isIntegralNumber() || v.asLong() < min || v.asLong() > max) {
            throw new ConfigException(field(key), "'" + field(key) + "' must be a whole number from " + min
                + " to " + max + ".");
        }
        return v.asLong();
    }

    public double decimal(String key, double fallback, double min) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < min || !Double.isFinite(v.asDouble())) {
            throw new ConfigException(field(key), "'" + field(key) + "' must be a number of at least " + min + ".");
        }
        return v.asDouble();
    }

    public boolean bool(String key, boolean fallback) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            throw new ConfigException(field(key), "'" + field(key) + "' must be true or false.");
        }
        return v.asBoolean();
    }

    /** A string or an array of strings; required and non-empty. */
    public List<String> strings(String key) {
        JsonNode v = node.get(key);
        List<String> out = new ArrayList<>();
        if (v != null && v.isTextual() && !v.asText().isBlank()) {
            out.add(v.asText());
        } else if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                if (!e.isTextual() || e.asText().isBlank()) {
                    throw new ConfigException(field(key), "'" + field(key) + "' must list non-blank strings.");
                }
                out.add(e.asText());
            }
        }
        if (out.isEmpty()) {
            throw new ConfigException(field(key), "'" + field(key) + "' is required (a string or a list of strings).");
        }
        return out;
    }

    /** A nested object (empty when absent). */
    public SourceConfig object(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) {
            return new SourceConfig(node.objectNode(), field(key));
        }
        if (!v.isObject()) {
            throw new ConfigException(field(key), "'" + field(key) + "' must be an object.");
        }
        return new SourceConfig((ObjectNode) v, field(key));
    }

    /** The keys of this object in order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /**
     * The name of the environment variable in {@code key} (e.g. {@code passwordEnv}), validated, or null when
     * absent and not required.
     */
    public String envName(String key, boolean required) {
        String name = required ? string(key) : string(key, null);
        if (name != null && !ENV_NAME.matcher(name).matches()) {
            throw new ConfigException(field(key), "'" + field(key) + "' must name an environment variable "
                + "(letters, digits and _), not hold a value.");
        }
        return name;
    }

    /**
     * A header/property value: a literal string, or {@code {"env":"NAME","prefix":"Bearer "}} read from the
     * environment at run time. Literal values are refused for names that look like credentials.
     */
    public EnvValue envValue(String key) {
        JsonNode v = node.get(key);
        if (v != null && v.isTextual()) {
            if (looksSecret(key)) {
                throw new ConfigException(field(key), "'" + field(key) + "' looks like a credential: credentials are "
                    + "never stored; give {\"env\":\"VARIABLE_NAME\"} and set the variable in the service's environment.");
            }
            return new EnvValue(v.asText(), null, "");
        }
        if (v != null && v.isObject()) {
            SourceConfig o = object(key);
            return new EnvValue(null, o.envName("env", true), o.string("prefix", ""));
        }
        throw new ConfigException(field(key), "'" + field(key) + "' must be a string or {\"env\":\"VARIABLE_NAME\"}.");
    }

    /** Literal string values of this object as a map, refusing credential-looking keys (see {@link #envValue}). */
    public Map<String, EnvValue> envValues() {
        Map<String, EnvValue> out = new LinkedHashMap<>();
        for (String k : keys()) {
            out.put(k, envValue(k));
        }
        return out;
    }

    /**
     * Refuses literal credentials anywhere in the config: a key that looks like a credential must end in
     * {@code Env} and name a variable (checked recursively; objects of the {@link #envValue} form pass).
     */
    public static void refuseLiteralSecrets(ObjectNode config, String prefix) {
        config.fields().forEachRemaining(e -> {
            String key = e.getKey();
            String field = prefix + "." + key;
            JsonNode v = e.getValue();
            if (v.isObject()) {
                if (!v.has("env")) {
                    refuseLiteralSecrets((ObjectNode) v, field);
                }
            } else if (looksSecret(key) && !key.endsWith("Env") && !v.isNull() && !v.isBoolean()) {
                throw new ConfigException(field, "'" + field + "' looks like a credential: credentials are never "
                    + "stored; put the name of an environment variable in '" + prefix + "." + key + "Env' instead.");
            } else if (v.isTextual() && v.asText().matches("(?i).*[?&;](password|token|apikey|api_key|secret)=.*")) {
                throw new ConfigException(field, "'" + field + "' carries a credential in its parameters: "
                    + "credentials are never stored; use an '...Env' key naming an environment variable.");
            } else if (v.isTextual() && v.asText().matches("(?i)^[a-z][a-z0-9+.-]*://[^/@\\s]+:[^/@\\s]+@.*")) {
                throw new ConfigException(field, "'" + field + "' carries user:password in the URL: credentials are "
                    + "never stored; use 'userEnv'/'passwordEnv' naming environment variables.");
            }
        });
    }

    static boolean looksSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        if (k.endsWith("env")) {
            k = k.substring(0, k.length() - 3);
        }
        if (k.equals("authorization") || k.equals("proxyauthorization") || k.equals("cookie")
            || k.equals("xapikey")) {
            return true;
        }
        for (String w : SECRET_WORDS) {
            if (k.contains(w.replace("_", ""))) {
                return true;
            }
        }
        return false;
    }

    /** A literal value, or an environment variable (with a prefix such as "Bearer ") read at run time. */
    public record EnvValue(String literal, String env, String prefix) {
        public String resolve(Secrets secrets) {
            return literal != null ? literal : prefix + secrets.resolve(env);
        }
    }
}
