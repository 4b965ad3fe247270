package io.meridian.inference.service;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.meridian.data.v1.Value;
import io.meridian.inference.model.FeatureInput;
import io.meridian.inference.model.ModelSchema;

/**
 * Turns request rows into one typed column per registered input, enforcing the registered schema.
 *
 * <p>Numeric input: int, double and bool values (bool as 1/0) become float32; a missing (absent or null) value is
 * NaN when the input is {@code optional} (the graph imputes it) and an error otherwise; strings, timestamps and
 * non-finite numbers are errors. Categorical input: strings as given, int values as their decimal text, bool values
 * as {@code "true"}/{@code "false"}; a missing value or the empty string is {@code ""} (the graph's "missing");
 * doubles and timestamps are errors; with {@code reject_unseen}, a value outside the registered levels is an error
 * naming the feature and the value. Request features the model does not use are ignored and reported per row.
 */
final class FeatureEncoder {
    /** Levels quoted in an unseen-category message before it is cut short. */
    private static final int LEVELS_IN_MESSAGE = 20;
    /** Characters of a rejected value quoted in a message. */
    private static final int VALUE_IN_MESSAGE = 80;

    private FeatureEncoder() {
    }

    /**
     * The encoded rows.
     *
     * @param columns one entry per registered input, in registry order: {@code float[N]} or {@code String[N]}
     * @param used    per row, the registered inputs as received (what the prediction event publishes)
     * @param ignored per row, the request features the model does not use, sorted
     */
    record Encoded(List<Object> columns, List<Map<String, Value>> used, List<List<String>> ignored) {
        int rows() {
            return used.size();
        }
    }

    /** How the error field of row {@code i} is prefixed: {@code features.} or {@code rows[i].features.}. */
    @FunctionalInterface
    interface FieldPrefix {
        String of(int row);
    }

    /**
     * Encodes {@code rows} for a model with {@code schema}.
     *
     * @param model  the model as named in error messages, e.g. {@code churn v3}
     * @throws InvalidFeatureException naming the first field at fault
     */
    static Encoded encode(ModelSchema schema, String model, List<Map<String, Value>> rows, FieldPrefix prefix) {
        int n = rows.size();
        List<FeatureInput> inputs = schema.inputs();
        List<Object> columns = new ArrayList<>(inputs.size());
        for (FeatureInput input : inputs) {
            columns.add(input.categorical() ? new String[n] : new float[n]);
        }
        List<Map<String, Value>> used = new ArrayList<>(n);
        List<List<String>> ignored = new ArrayList<>(n);
        Set<String> registered = inputs.stream().map(FeatureInput::name).collect(Collectors.toSet());
        for (int r = 0; r < n; r++) {
            Map<String, Value> features = rows.get(r);
            Map<String, Value> kept = new LinkedHashMap<>();
            for (int c = 0; c < inputs.size(); c++) {
                FeatureInput input = inputs.get(c);
                Value value = features.get(input.name());
                boolean missing = value == null || value.getKindCase() == Value.KindCase.KIND_NOT_SET;
                String field = prefix.of(r) + input.name();
                if (input.categorical()) {
                    ((String[]) columns.get(c))[r] = missing ? "" : category(model, input, value, field);
                } else {
                    ((float[]) columns.get(c))[r] = missing ? missingNumber(model, input, field)
                        : number(input, value, field);
                }
                if (!missing) {
                    kept.put(input.name(), value);
                }
            }
            used.add(kept);
            List<String> extra = new ArrayList<>(new TreeSet<>(features.keySet()));
            extra.removeAll(registered);
            ignored.add(extra);
        }
        return new Encoded(columns, used, ignored);
    }

    private static float missingNumber(String model, FeatureInput input, String field) {
        if (!input.optional()) {
            throw new InvalidFeatureException(field, "Feature '" + input.name() + "' is required by model "
                + model + " but is missing or null.");
        }
        return Float.NaN;
    }

    private static float number(FeatureInput input, Value value, String field) {
        double number = switch (value.getKindCase()) {
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue() ? 1 : 0;
            case STRING_VALUE -> throw new InvalidFeatureException(field, "Feature '" + input.name()
                + "' is numeric: expected a number or a boolean, got the string '"
                + quote(value.getStringValue()) + "'.");
            default -> throw new InvalidFeatureException(field, "Feature '" + input.name()
                + "' is numeric: expected a number or a boolean.");
        };
        if (!Double.isFinite(number)) {
            throw new InvalidFeatureException(field, "Feature '" + input.name() + "' must be a finite number.");
        }
        return (float) number;
    }

    private static String category(String model, FeatureInput input, Value value, String field) {
        String category = switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> throw new InvalidFeatureException(field, "Feature '" + input.name()
                + "' is categorical: expected a string, got the number " + value.getDoubleValue() + ".");
            default -> throw new InvalidFeatureException(field, "Feature '" + input.name()
                + "' is categorical: expected a string.");
        };
        if (input.rejectUnseen() && !category.isEmpty() && !input.levels().contains(category)) {
            List<String> levels = input.levels();
            String known = levels.stream().limit(LEVELS_IN_MESSAGE).map(l -> "'" + l + "'")
                .collect(Collectors.joining(", ")) + (levels.size() > LEVELS_IN_MESSAGE ? ", ..." : "");
            throw new InvalidFeatureException(field, "Feature '" + input.name() + "' has the category '"
                + quote(category) + "', which model " + model + " did not see in training and rejects (known: " + known + ").");
        }
        return category;
    }

    private static String quote(String value) {
        return value.length() <= VALUE_IN_MESSAGE ? value : value.substring(0, VALUE_IN_MESSAGE) + "...";
    }
}
