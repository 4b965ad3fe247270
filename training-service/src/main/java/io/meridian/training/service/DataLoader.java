package io.meridian.training.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.features.v1.TrainingRow;
import io.meridian.ingest.v1.DatasetContract;
import io.meridian.ingest.v1.FieldSpec;
import io.meridian.ingest.v1.FieldType;
import io.meridian.training.client.FeatureClient;
import io.meridian.training.client.IngestClient;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobSpec;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Reads a job's rows (ingest-service dataset or feature-service training set), resolves the features and the
 * task, and builds the engine's {@link Frame} and {@link Target}. Every data problem is a {@link JobFailure}
 * with a reason that names the column and, where it helps, the row.
 */
@ApplicationScoped
public class DataLoader {
    /** Integer labels with at most this many distinct values are classes when no task is given. */
    static final int MAX_INFERRED_CLASSES = 20;

    private final IngestClient ingest;
    private final FeatureClient features;
    private final TrainingConfig config;

    public DataLoader(IngestClient ingest, FeatureClient features, TrainingConfig config) {
        this.ingest = ingest;
        this.features = features;
        this.config = config;
    }

    /** The raw rows of a source with what is known about their columns. */
    record Source(String kind, String name, int contractVersion, Map<String, FieldType> types, String key,
                  List<Record> rows, List<String> runIds) {
    }

    public Source read(JobSpec spec) {
        if (spec.dataset() != null) {
            DatasetContract contract = ingest.contract(spec.dataset());
            IngestClient.Curated curated = ingest.read(spec.dataset());
            List<Record> rows = curated.rows();
            Map<String, FieldType> types = new LinkedHashMap<>();
            for (FieldSpec field : contract.getFieldsList()) {
                types.put(field.getName(), field.getType());
            }
            return new Source("ingest-service", spec.dataset(), contract.getVersion(), types, contract.getKeyField(),
                rows, curated.runIds());
        }
        List<TrainingRow> rows = features.readTrainingSet(spec.trainingSet());
        List<Record> records = new ArrayList<>(rows.size());
        Set<String> runs = new TreeSet<>();
        for (TrainingRow row : rows) {
            records.add(row.getValues());
            if (!row.getRunId().isEmpty()) {
                runs.add(row.getRunId());
            }
        }
        return new Source("feature-service", spec.trainingSet(), 0, observedTypes(records), keyColumn(rows), records,
            List.copyOf(runs));
    }

    /** Builds frame and target; {@link JobFailure} for every data problem. */
    public TrainingData prepare(JobSpec spec, Source source) {
        String what = ("ingest-service".equals(source.kind()) ? "dataset '" : "training set '") + source.name() + "'";
        if (source.rows().isEmpty()) {
            throw new JobFailure("The " + what + " has no rows.");
        }
        Map<String, FieldType> types = source.types();
        if (!types.containsKey(spec.label())) {
            throw new JobFailure("The label '" + spec.label() + "' is not a column of " + what + "; columns: "
                + String.join(", ", types.keySet()) + ".");
        }
        List<JobSpec.Feature> resolved = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        if (spec.features() != null) {
            for (JobSpec.Feature feature : spec.features()) {
                if (!types.containsKey(feature.name())) {
                    throw new JobFailure("The feature '" + feature.name() + "' does not exist in " + what
                        + "; columns: " + String.join(", ", types.keySet()) + ".");
                }
                if ("ignored".equals(feature.kind())) {
                    ignored.add(feature.name());
                } else {
                    resolved.add(feature);
                }
            }
            for (String column : types.keySet()) {
                if (!column.equals(spec.label()) && spec.features().stream().noneMatch(f -> f.name().equals(column))) {
                    ignored.add(column);
                }
            }
        } else {
            for (Map.Entry<String, FieldType> column : new TreeMap<>(types).entrySet()) {
                String name = column.getKey();
                if (name.equals(spec.label())) {
                    continue;
                }
                String kind = switch (column.getValue()) {
                    case FIELD_TYPE_INTEGER, FIELD_TYPE_DECIMAL, FIELD_TYPE_BOOLEAN -> "numeric";
                    case FIELD_TYPE_STRING -> spec.numericOnly() ? null : "categorical";
                    default -> null;
                };
                if (kind == null || name.equals(source.key())) {
                    ignored.add(name);
                } else {
                    resolved.add(new JobSpec.Feature(name, kind));
                }
            }
            if (resolved.isEmpty()) {
                throw new JobFailure("The " + what + " has no usable feature column besides the label '"
                    + spec.label() + "' (ignored: " + String.join(", ", ignored) + ").");
            }
        }
        ignored.sort(null);

        // labelled rows only; of an ingest dataset with a key, each entity's latest record only: a re-uploaded
        // customer is the same example (kept twice it would sit in a training and a validation fold at once)
        boolean[] superseded = "ingest-service".equals(source.kind()) ? superseded(source.rows(), source.key())
            : new boolean[source.rows().size()];
        List<Record> rows = new ArrayList<>(source.rows().size());
        List<Integer> rowNumbers = new ArrayList<>();
        for (int i = 0; i < source.rows().size(); i++) {
            if (superseded[i]) {
                continue;
            }
            Value label = source.rows().get(i).getFieldsMap().get(spec.label());
            if (label != null && label.getKindCase() != Value.KindCase.KIND_NOT_SET
                && !(label.hasStringValue() && label.getStringValue().isBlank())) {
                rows.add(source.rows().get(i));
                rowNumbers.add(i + 1);
            }
        }
        if (rows.size() < config.minRows()) {
            throw new JobFailure("The " + what + " has " + rows.size() + " rows with a label '" + spec.label()
                + "'; a job needs at least " + config.minRows() + " (meridian.training.min-rows).");
        }
        Task task = task(spec, types.get(spec.label()), rows, rowNumbers);
        Target target = target(spec, task, rows, rowNumbers);
        checkFolds(spec, task, target);
        Frame frame = frame(resolved, rows, rowNumbers);
        JobResult.Lineage lineage = new JobResult.Lineage(source.kind(), source.name(), source.contractVersion(),
            source.runIds(), source.rows().size(), rows.size(), contentHash(resolved, spec.label(), rows));
        return new TrainingData(frame, target, task, List.copyOf(resolved), List.copyOf(ignored), lineage);
    }

    // ---- task and target -----------------------------------------------------------------------

    private static Task task(JobSpec spec, FieldType type, List<Record> rows, List<Integer> rowNumbers) {
        String label = spec.label();
        boolean continuous = false;
        String continuousExample = null;
        boolean nonNumeric = false;
        String nonNumericExample = null;
        int nonNumericRow = 0;
        Set<String> distinct = new LinkedHashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            Value value = rows.get(i).getFieldsMap().get(label);
            distinct.add(classText(value));
            if (value.hasDoubleValue() && value.getDoubleValue() != Math.rint(value.getDoubleValue())) {
                continuous = true;
                continuousExample = Double.toString(value.getDoubleValue());
            } else if (value.hasStringValue() && !nonNumeric && parse(value.getStringValue()) == null) {
                nonNumeric = true;
                nonNumericExample = value.getStringValue();
                nonNumericRow = rowNumbers.get(i);
            } else if (value.hasTimestampValue()) {
                throw new JobFailure("The label '" + label + "' is a timestamp; it must hold classes or numbers.");
            }
        }
        Task task;
        if (spec.task() != null) {
            task = Task.valueOf(spec.task().toUpperCase(Locale.ROOT));
        } else if (type == FieldType.FIELD_TYPE_DECIMAL || continuous
            || (!nonNumeric && type != FieldType.FIELD_TYPE_BOOLEAN && type != FieldType.FIELD_TYPE_STRING
                && distinct.size() > MAX_INFERRED_CLASSES && !allBoolean(rows, label))) {
            task = Task.REGRESSION;
        } else {
            task = distinct.size() > 2 ? Task.MULTICLASS : Task.BINARY;
        }
        if (task.isClassification() && continuous) {
            throw new JobFailure("The label '" + label + "' holds continuous values (e.g. " + continuousExample
                + "), a regression label; a " + task.name().toLowerCase(Locale.ROOT) + " task needs class labels "
                + "(use task regression).");
        }
        if (task == Task.REGRESSION && nonNumeric) {
            throw new JobFailure("The label '" + label + "' is not numeric (row " + nonNumericRow + ": '"
                + nonNumericExample + "'); a regression task needs a numeric label.");
        }
        if (distinct.size() < 2) {
            throw new JobFailure("The label '" + label + "' is constant: a single class ('"
                + distinct.iterator().next() + "') in " + rows.size() + " rows; there is nothing to learn.");
        }
        if (task == Task.BINARY && distinct.size() > 2) {
            throw new JobFailure("The label '" + label + "' has " + distinct.size() + " classes; a binary task "
                + "needs exactly 2 (use task multiclass).");
        }
        if (task == Task.MULTICLASS && distinct.size() < 3) {
            throw new JobFailure("The label '" + label + "' has 2 classes; use task binary.");
        }
        return task;
    }

    private static boolean allBoolean(List<Record> rows, String label) {
        return rows.stream().allMatch(r -> r.getFieldsMap().get(label).hasBoolValue());
    }

    private static Target target(JobSpec spec, Task task, List<Record> rows, List<Integer> rowNumbers) {
        if (task == Task.REGRESSION) {
            double[] values = new double[rows.size()];
            for (int i = 0; i < rows.size(); i++) {
                values[i] = number(rows.get(i).getFieldsMap().get(spec.label()), spec.label(), rowNumbers.get(i),
                    "label");
            }
            return Target.regression(values);
        }
        List<String> classes = new ArrayList<>(new TreeSet<>(rows.stream()
            .map(r -> classText(r.getFieldsMap().get(spec.label()))).toList()));
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int c = 0; c < classes.size(); c++) {
            index.put(classes.get(c), c);
        }
        int[] classIndex = new int[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            classIndex[i] = index.get(classText(rows.get(i).getFieldsMap().get(spec.label())));
        }
        int positive = -1;
        if (task == Task.BINARY) {
            if (spec.positiveClass() != null) {
                Integer given = index.get(spec.positiveClass());
                if (given == null) {
                    throw new JobFailure("positiveClass '" + spec.positiveClass() + "' is not a class of the label '"
                        + spec.label() + "'; classes: " + String.join(", ", classes) + ".");
                }
                positive = given;
            } else {
                positive = index.getOrDefault("true", classes.size() - 1);
            }
        }
        return Target.classification(task, classes, classIndex, positive);
    }

    private static void checkFolds(JobSpec spec, Task task, Target target) {
        JobSpec.Validation validation = spec.validation();
        String kind = SpecMapping.validationKind(spec, task);
        int rows = target.rows();
        if ("holdout".equals(kind)) {
            int held = (int) Math.round(rows * validation.holdoutFraction());
            if (held < 1 || rows - held < 2) {
                throw new JobFailure(rows + " labelled rows are too few for a holdout of "
                    + validation.holdoutFraction() + ".");
            }
            return;
        }
        if (rows < validation.folds() * 2) {
            throw new JobFailure(rows + " labelled rows are too few for " + validation.folds() + " folds (" + kind
                + "); use fewer folds or more data.");
        }
        if (kind.contains("stratified")) {
            int[] counts = new int[target.classes().size()];
            for (int c : target.classIndex()) {
                counts[c]++;
            }
            for (int c = 0; c < counts.length; c++) {
                if (counts[c] < validation.folds()) {
                    throw new JobFailure("Class '" + target.classes().get(c) + "' of the label '" + spec.label()
                        + "' has " + counts[c] + " rows, fewer than the " + validation.folds() + " folds of " + kind
                        + "; use fewer folds.");
                }
            }
        }
    }

    /**
     * Marks every record a later record of the same key replaces (rows in ingestion order); records without the key
     * are kept. Nothing is marked when there is no key column.
     */
    static boolean[] superseded(List<Record> rows, String key) {
        boolean[] out = new boolean[rows.size()];
        if (key == null || key.isEmpty()) {
            return out;
        }
        Map<String, Integer> latest = new java.util.HashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Value value = rows.get(i).getFieldsMap().get(key);
            if (value == null || value.getKindCase() == Value.KindCase.KIND_NOT_SET) {
                continue;
            }
            Integer previous = latest.put(value.getKindCase() + ":" + classText(value), i);
            if (previous != null) {
                out[previous] = true;
            }
        }
        return out;
    }

    // ---- features ------------------------------------------------------------------------------

    private static Frame frame(List<JobSpec.Feature> features, List<Record> rows, List<Integer> rowNumbers) {
        Frame.Builder frame = Frame.builder(rows.size());
        for (JobSpec.Feature feature : features) {
            if ("numeric".equals(feature.kind())) {
                double[] values = new double[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    // the engine rounds numeric inputs to float32 itself, as the exported graph receives them
                    values[i] = number(rows.get(i).getFieldsMap().get(feature.name()), feature.name(),
                        rowNumbers.get(i), "numeric feature");
                }
                frame.numeric(feature.name(), values);
            } else {
                String[] values = new String[rows.size()];
                for (int i = 0; i < rows.size(); i++) {
                    Value value = rows.get(i).getFieldsMap().get(feature.name());
                    values[i] = value == null || value.getKindCase() == Value.KindCase.KIND_NOT_SET ? null
                        : classText(value);
                }
                frame.categorical(feature.name(), values);
            }
        }
        return frame.build();
    }

    /** A numeric cell: NaN when missing; {@link JobFailure} naming the column and row when not a number. */
    private static double number(Value value, String column, int row, String role) {
        if (value == null) {
            return Double.NaN;
        }
        return switch (value.getKindCase()) {
            case INT_VALUE -> value.getIntValue();
            case DOUBLE_VALUE -> value.getDoubleValue();
            case BOOL_VALUE -> value.getBoolValue() ? 1 : 0;
            case KIND_NOT_SET -> Double.NaN;
            case STRING_VALUE -> {
                if (value.getStringValue().isBlank()) {
                    yield Double.NaN;
                }
                Double parsed = parse(value.getStringValue());
                if (parsed == null) {
                    throw new JobFailure("The " + role + " '" + column + "' has the non-numeric value '"
                        + value.getStringValue() + "' in row " + row + ".");
                }
                yield parsed;
            }
            case TIMESTAMP_VALUE -> throw new JobFailure("The " + role + " '" + column + "' holds a timestamp in row "
                + row + "; declare it ignored or categorical.");
        };
    }

    private static Double parse(String text) {
        try {
            double value = Double.parseDouble(text.trim());
            return Double.isFinite(value) ? value : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A value as a class or category name: booleans "true"/"false", whole numbers without ".0". */
    static String classText(Value value) {
        return switch (value.getKindCase()) {
            case STRING_VALUE -> value.getStringValue();
            case INT_VALUE -> Long.toString(value.getIntValue());
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case DOUBLE_VALUE -> value.getDoubleValue() == Math.rint(value.getDoubleValue())
                && Math.abs(value.getDoubleValue()) < 1e15 ? Long.toString((long) value.getDoubleValue())
                : Double.toString(value.getDoubleValue());
            case TIMESTAMP_VALUE -> value.getTimestampValue().getSeconds() + "." + value.getTimestampValue().getNanos();
            case KIND_NOT_SET -> "";
        };
    }

    // ---- column types of a training set (no contract) ------------------------------------------

    static Map<String, FieldType> observedTypes(List<Record> rows) {
        Map<String, FieldType> types = new TreeMap<>();
        for (Record row : rows) {
            row.getFieldsMap().forEach((name, value) -> {
                FieldType seen = switch (value.getKindCase()) {
                    case INT_VALUE -> FieldType.FIELD_TYPE_INTEGER;
                    case DOUBLE_VALUE -> FieldType.FIELD_TYPE_DECIMAL;
                    case BOOL_VALUE -> FieldType.FIELD_TYPE_BOOLEAN;
                    case STRING_VALUE -> FieldType.FIELD_TYPE_STRING;
                    case TIMESTAMP_VALUE -> FieldType.FIELD_TYPE_TIMESTAMP;
                    case KIND_NOT_SET -> FieldType.FIELD_TYPE_UNSPECIFIED;
                };
                types.merge(name, seen, DataLoader::widen);
            });
        }
        return types;
    }

    private static FieldType widen(FieldType a, FieldType b) {
        if (a == b || b == FieldType.FIELD_TYPE_UNSPECIFIED) {
            return a;
        }
        if (a == FieldType.FIELD_TYPE_UNSPECIFIED) {
            return b;
        }
        Set<FieldType> numbers = Set.of(FieldType.FIELD_TYPE_INTEGER, FieldType.FIELD_TYPE_DECIMAL);
        if (numbers.contains(a) && numbers.contains(b)) {
            return FieldType.FIELD_TYPE_DECIMAL;
        }
        // mixed kinds: not a usable inferred feature
        return FieldType.FIELD_TYPE_TIMESTAMP;
    }

    /** The column that repeats the entity key in every row (the training set's key), or null. */
    private static String keyColumn(List<TrainingRow> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        for (Map.Entry<String, Value> field : new TreeMap<>(rows.get(0).getValues().getFieldsMap()).entrySet()) {
            String name = field.getKey();
            if (rows.stream().allMatch(r -> {
                Value v = r.getValues().getFieldsMap().get(name);
                return v != null && v.hasStringValue() && v.getStringValue().equals(r.getEntityKey());
            })) {
                return name;
            }
        }
        return null;
    }

    // ---- lineage -------------------------------------------------------------------------------

    /**
     * SHA-256 over the used columns (features and label, by name) of every labelled row: each row rendered as
     * {@code name=<type>:<value>} joined by U+001F, the rendered rows sorted, each followed by a line feed. The
     * hash does not depend on the order the source sent the rows in.
     */
    static String contentHash(List<JobSpec.Feature> features, String label, List<Record> rows) {
        List<String> columns = new ArrayList<>(features.stream().map(JobSpec.Feature::name).toList());
        columns.add(label);
        columns.sort(null);
        String[] rendered = new String[rows.size()];
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < rows.size(); i++) {
            line.setLength(0);
            for (String column : columns) {
                if (line.length() > 0) {
                    line.append('\u001f');
                }
                line.append(column).append('=').append(render(rows.get(i).getFieldsMap().get(column)));
            }
            rendered[i] = line.toString();
        }
        Arrays.sort(rendered);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String row : rendered) {
                digest.update(row.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) '\n');
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String render(Value value) {
        if (value == null) {
            return "null";
        }
        return switch (value.getKindCase()) {
            case STRING_VALUE -> "s:" + value.getStringValue();
            case INT_VALUE -> "i:" + value.getIntValue();
            case DOUBLE_VALUE -> "d:" + value.getDoubleValue();
            case BOOL_VALUE -> "b:" + value.getBoolValue();
            case TIMESTAMP_VALUE -> "t:" + value.getTimestampValue().getSeconds() + "."
                + value.getTimestampValue().getNanos();
            case KIND_NOT_SET -> "null";
        };
    }
}
