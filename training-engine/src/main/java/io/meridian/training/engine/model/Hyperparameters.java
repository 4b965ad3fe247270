package io.meridian.training.engine.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.meridian.training.engine.model.HyperparameterDef.Type;

/**
 * An algorithm's declared hyperparameters and their resolution: every override is checked against its
 * {@link HyperparameterDef} (unknown names, unparsable values and values out of range are rejected with an
 * {@link IllegalArgumentException} naming the hyperparameter), missing names take their defaults.
 *
 * <p>Bounds are inclusive, as {@link HyperparameterDef} says; a bound of {@link Double#MIN_VALUE} means
 * "strictly greater than 0" and one of {@code Math.nextDown(1.0)} means "strictly less than 1", and the error
 * messages say so.
 */
public final class Hyperparameters {
    /** Lower bound meaning "> 0". */
    public static final double POSITIVE = Double.MIN_VALUE;
    /** Upper bound meaning "< 1". */
    public static final double BELOW_ONE = Math.nextDown(1.0);

    private final String algorithm;
    private final Map<String, HyperparameterDef> defs;

    private Hyperparameters(String algorithm, Map<String, HyperparameterDef> defs) {
        this.algorithm = algorithm;
        this.defs = Collections.unmodifiableMap(defs);
    }

    /** Starts a declaration for the algorithm {@code algorithm}. */
    public static Builder builder(String algorithm) {
        return new Builder(algorithm);
    }

    public Map<String, HyperparameterDef> defs() {
        return defs;
    }

    /** Validates the overrides and returns every hyperparameter's value as text (defaults filled in). */
    public Resolved resolve(Map<String, String> overrides) {
        Map<String, String> given = overrides == null ? Map.of() : overrides;
        for (String name : given.keySet()) {
            if (!defs.containsKey(name)) {
                throw new IllegalArgumentException("unknown hyperparameter '" + name + "' for " + algorithm
                    + "; accepted: " + String.join(", ", defs.keySet()));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (HyperparameterDef def : defs.values()) {
            String raw = given.getOrDefault(def.name(), def.defaultValue());
            values.put(def.name(), check(def, raw == null ? "" : raw.trim()));
        }
        return new Resolved(Collections.unmodifiableMap(values));
    }

    private static String check(HyperparameterDef def, String raw) {
        switch (def.type()) {
            case CHOICE -> {
                String value = raw.toLowerCase(Locale.ROOT);
                if (!def.choices().contains(value)) {
                    throw new IllegalArgumentException(def.name() + " must be one of " + def.choices() + ", got '"
                        + raw + "'");
                }
                return value;
            }
            case INT -> {
                long value;
                try {
                    value = Long.parseLong(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(def.name() + " must be an integer, got '" + raw + "'");
                }
                checkRange(def, value, raw);
                return Long.toString(value);
            }
            case DOUBLE -> {
                double value;
                try {
                    value = Double.parseDouble(raw);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(def.name() + " must be a number, got '" + raw + "'");
                }
                if (!Double.isFinite(value)) {
                    throw new IllegalArgumentException(def.name() + " must be a finite number, got '" + raw + "'");
                }
                checkRange(def, value, raw);
                return raw;
            }
            default -> throw new IllegalStateException("unknown type " + def.type());
        }
    }

    private static void checkRange(HyperparameterDef def, double value, String raw) {
        if (!Double.isNaN(def.min()) && value < def.min()) {
            throw new IllegalArgumentException(def.name() + " must be " + lower(def.min()) + ", got " + raw);
        }
        if (!Double.isNaN(def.max()) && value > def.max()) {
            throw new IllegalArgumentException(def.name() + " must be " + upper(def.max()) + ", got " + raw);
        }
    }

    private static String lower(double min) {
        return min == POSITIVE ? "> 0" : ">= " + format(min);
    }

    private static String upper(double max) {
        return max == BELOW_ONE ? "< 1" : "<= " + format(max);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
            : Double.toString(value);
    }

    /** Resolved values by name, as text, in declaration order. */
    public record Resolved(Map<String, String> values) {
        public int integer(String name) {
            return Math.toIntExact(Long.parseLong(get(name)));
        }

        public double number(String name) {
            return Double.parseDouble(get(name));
        }

        public String choice(String name) {
            return get(name);
        }

        private String get(String name) {
            String value = values.get(name);
            if (value == null) {
                throw new IllegalStateException("undeclared hyperparameter " + name);
            }
            return value;
        }
    }

    /** Declares hyperparameters in order. */
    public static final class Builder {
        private final String algorithm;
        private final Map<String, HyperparameterDef> defs = new LinkedHashMap<>();

        private Builder(String algorithm) {
            this.algorithm = algorithm;
        }

        public Builder integer(String name, int defaultValue, int min, int max, String description) {
            return add(new HyperparameterDef(name, Type.INT, Integer.toString(defaultValue), min, max, List.of(),
                description));
        }

        public Builder number(String name, double defaultValue, double min, double max, String description) {
            return add(new HyperparameterDef(name, Type.DOUBLE, Double.toString(defaultValue), min, max, List.of(),
                description));
        }

        public Builder choice(String name, String defaultValue, List<String> choices, String description) {
            if (!choices.contains(defaultValue)) {
                throw new IllegalArgumentException("default " + defaultValue + " is not a choice of " + name);
            }
            return add(new HyperparameterDef(name, Type.CHOICE, defaultValue, Double.NaN, Double.NaN, choices,
                description));
        }

        private Builder add(HyperparameterDef def) {
            if (defs.putIfAbsent(def.name(), def) != null) {
                throw new IllegalArgumentException("duplicate hyperparameter " + def.name());
            }
            return this;
        }

        public Hyperparameters build() {
            return new Hyperparameters(algorithm, defs);
        }
    }
}
