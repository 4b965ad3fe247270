package io.meridian.training.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;

/**
 * A training set turned into a numeric matrix and a binary label.
 *
 * <p>Feature columns are the columns whose non-null values are all integers, decimals or booleans (booleans
 * become 0/1), sorted by name. Every other column (strings, timestamps, mixed or all-null columns) is ignored
 * and listed in {@link #ignoredFeatures()}. Missing numeric values are {@link Double#NaN}. Rows without a label
 * are dropped. The label is read as text (booleans as {@code "true"}/{@code "false"}); the positive class is
 * {@code "true"} when present, otherwise the lexicographically last of the two classes.
 *
 * @param featureNames numeric feature columns, sorted by name
 * @param x one row per labelled record, one column per feature; NaN where the value is missing
 * @param labels the label of each row
 * @param positiveClass the positive class
 * @param negativeClass the other class
 * @param ignoredFeatures columns that are not used as features, sorted by name
 */
public record FeatureTable(List<String> featureNames, double[][] x, String[] labels, String positiveClass,
                           String negativeClass, List<String> ignoredFeatures) {

    private enum Kind { NUMERIC, OTHER }

    /** Builds the table; throws {@link TrainingFailure} with a human reason when no binary model can be trained. */
    public static FeatureTable from(String dataset, List<Record> rows, String labelColumn, int minRows) {
        if (rows.isEmpty()) {
            throw new TrainingFailure("Dataset '" + dataset + "' has no rows to train on.");
        }
        Map<String, Kind> kinds = new TreeMap<>();
        boolean labelSeen = false;
        for (Record row : rows) {
            for (Map.Entry<String, Value> field : row.getFieldsMap().entrySet()) {
                if (field.getKey().equals(labelColumn)) {
                    labelSeen = true;
                    continue;
                }
                Value value = field.getValue();
                if (value.getKindCase() == Value.KindCase.KIND_NOT_SET) {
                    kinds.putIfAbsent(field.getKey(), null);
                    continue;
                }
                Kind kind = isNumeric(value) ? Kind.NUMERIC : Kind.OTHER;
                Kind before = kinds.get(field.getKey());
                kinds.put(field.getKey(), before == Kind.OTHER ? Kind.OTHER : kind);
            }
        }
        if (!labelSeen) {
            throw new TrainingFailure("Label column '" + labelColumn + "' is not a column of dataset '" + dataset
                + "' (columns: " + String.join(", ", kinds.keySet()) + ").");
        }
        List<String> features = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        kinds.forEach((name, kind) -> (kind == Kind.NUMERIC ? features : ignored).add(name));

        List<double[]> matrix = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (Record row : rows) {
            String label = labelText(row.getFieldsMap().get(labelColumn));
            if (label == null) {
                continue;
            }
            double[] values = new double[features.size()];
            for (int j = 0; j < values.length; j++) {
                values[j] = numeric(row.getFieldsMap().get(features.get(j)));
            }
            matrix.add(values);
            labels.add(label);
        }
        TreeSet<String> classes = new TreeSet<>(labels);
        if (classes.isEmpty()) {
            throw new TrainingFailure("Label column '" + labelColumn + "' of dataset '" + dataset
                + "' has no values.");
        }
        if (classes.size() == 1) {
            throw new TrainingFailure("Label column '" + labelColumn + "' of dataset '" + dataset
                + "' has a single class '" + classes.first() + "'; binary classification needs two classes.");
        }
        if (classes.size() > 2) {
            throw new TrainingFailure("Label column '" + labelColumn + "' of dataset '" + dataset + "' has "
                + classes.size() + " classes; only binary classification is supported.");
        }
        if (features.isEmpty()) {
            throw new TrainingFailure("Dataset '" + dataset + "' has no numeric feature columns (ignored: "
                + String.join(", ", ignored) + ").");
        }
        if (labels.size() < minRows) {
            throw new TrainingFailure("Dataset '" + dataset + "' has " + labels.size()
                + " labelled rows; at least " + minRows + " are needed.");
        }
        String positive = classes.contains("true") ? "true" : classes.last();
        String negative = positive.equals(classes.first()) ? classes.last() : classes.first();
        return new FeatureTable(List.copyOf(features), matrix.toArray(new double[0][]),
            labels.toArray(new String[0]), positive, negative, List.copyOf(ignored));
    }

    /** The column index of every feature, by name. */
    public Map<String, Integer> featureIndex() {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int j = 0; j < featureNames.size(); j++) {
            index.put(featureNames.get(j), j);
        }
        return index;
    }

    private static boolean isNumeric(Value value) {
        return switch (value.getKindCase()) {
            case INT_VALUE, DOUBLE_VALUE, BOOL_VALUE -> true;
            default -> false;
        };
    }

    private static double numeric(Value value) {
        if (value == null) {
            return Double.NaN;
        }
        return switch (value.getKindCase()) {
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue() ? 1.0 : 0.0;
            default -> Double.NaN;
        };
    }

    private static String labelText(Value value) {
        if (value == null) {
            return null;
        }
        return switch (value.getKindCase()) {
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case STRING_VALUE -> value.getStringValue().isEmpty() ? null : value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> null;
        };
    }
}
