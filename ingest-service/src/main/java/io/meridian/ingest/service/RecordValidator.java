package io.meridian.ingest.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.FieldType;
import io.meridian.ingest.model.FieldValues;
import io.meridian.ingest.model.OutlierRule;
import io.meridian.ingest.model.Rejection;
import io.meridian.ingest.model.RuleViolation;
import io.meridian.ingest.model.ValidRecord;
import io.meridian.ingest.service.cleansing.Cleanser;
import io.meridian.ingest.service.quality.CrossFieldRule;
import io.meridian.ingest.service.quality.DatasetStats;
import io.meridian.ingest.service.quality.FieldStats;

/**
 * The one validation path for every input (CSV rows, gRPC records and every other source). Per field: cleansing
 * (trim, null tokens, case, numeric normalisation), then the default or imputed value for a missing one, then
 * the checks (required/nullable, type, min/max, regex, allowed values), then outlier handling; finally the
 * cross-field rules. EVERY failed rule is collected (a field that fails its type is not checked further).
 * Fields the contract does not know are ignored.
 */
public final class RecordValidator {
    /** Separator of the parts of a composite key. */
    public static final String KEY_SEPARATOR = "|";
    private static final Map<String, Pattern> PATTERNS = new java.util.concurrent.ConcurrentHashMap<>();

    private RecordValidator() {
    }

    /** Either a valid record or every rule the row failed. */
    public record Outcome(ValidRecord record, List<RuleViolation> violations) {
        public Outcome {
            violations = List.copyOf(violations);
        }

        public boolean valid() {
            return record != null;
        }

        /** The first failed rule as a summary rejection (one per row). */
        public Rejection rejection() {
            RuleViolation v = violations.get(0);
            return new Rejection(record == null ? 0 : record.row(), v.field(), v.message());
        }

        /** The first failed rule as the rejection of {@code row}. */
        public Rejection rejection(long row) {
            RuleViolation v = violations.get(0);
            return new Rejection(row, v.field(), v.message());
        }
    }

    /** Validates without dataset statistics (no imputation from data, no outlier check). */
    public static Outcome validate(DatasetContract contract, long row, Map<String, ?> raw) {
        return validate(contract, row, raw, DatasetStats.NONE);
    }

    /**
     * @param row   1-based data row number
     * @param raw   raw values by field name: text, or typed ({@link Long}, {@link Double}, {@link Boolean},
     *              {@link Instant}); absent, null or blank means missing
     * @param stats statistics of the dataset's curated data (imputation, outliers)
     */
    public static Outcome validate(DatasetContract contract, long row, Map<String, ?> raw, DatasetStats stats) {
        List<FieldDefinition> fields = contract.fields();
        Object[] typedValues = new Object[fields.size()];
        List<RuleViolation> violations = new ArrayList<>();
        List<String> outliers = new ArrayList<>();
        for (int i = 0; i < typedValues.length; i++) {
            FieldDefinition field = fields.get(i);
            String name = field.name();
            Object value = Cleanser.cleanse(field, contract.cleansing(), normalise(raw.get(name)));
            if (ValueCoercion.isMissing(value)) {
                boolean explicitNull = value == null && raw.containsKey(name);
                value = fallback(field, stats);
                if (ValueCoercion.isMissing(value)) {
                    if (contract.mandatory(field)) {
                        String what = contract.keyFields().contains(name) ? "the key field" : "a required field";
                        violations.add(new RuleViolation(name, "required", "value is missing; " + name + " is "
                            + what));
                    } else if (!field.acceptsNull() && explicitNull) {
                        violations.add(new RuleViolation(name, "nullable", "value is null; " + name
                            + " is not nullable"));
                    }
                    typedValues[i] = null;
                    continue;
                }
            }
            Object typed;
            try {
                typed = ValueCoercion.coerce(field.type(), value, field.formats());
            } catch (IllegalArgumentException e) {
                violations.add(new RuleViolation(name, "type", e.getMessage()));
                typedValues[i] = null;
                continue;
            }
            typed = outlier(field, typed, stats, outliers);
            check(field, typed, violations);
            typedValues[i] = typed;
        }
        FieldValues values = new FieldValues(names(contract), typedValues);
        for (CrossFieldRule rule : rules(contract)) {
            if (violations.stream().noneMatch(v -> rule.left().fields().contains(v.field())
                || rule.right().fields().contains(v.field())) && !rule.holds(values)) {
                violations.add(new RuleViolation(rule.field(), "cross-field", "rule '" + rule.text() + "' does not hold ("
                    + describe(rule, values) + ")"));
            }
        }
        if (!violations.isEmpty()) {
            return new Outcome(null, violations);
        }
        String key = key(contract.keyFields(), values);
        if (key.indexOf('\0') >= 0) {
            // PostgreSQL text cannot hold NUL: such a key would fail the whole batch it is stored with
            return new Outcome(null, List.of(new RuleViolation(contract.keyFields().get(0), "key",
                "the key contains a NUL character (U+0000), which cannot be stored")));
        }
        // the values are this row's own and never touched again: handed over without a copy
        return new Outcome(new ValidRecord(row, key, values, outliers), List.of());
    }

    /** A few contracts' field names by identity: a run validates every record against one contract instance. */
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Object[]> NAMES =
        new java.util.concurrent.atomic.AtomicReferenceArray<>(16);

    private static FieldValues.Names names(DatasetContract contract) {
        int slot = System.identityHashCode(contract) & 15;
        Object[] cached = NAMES.get(slot);
        if (cached != null && cached[0] == contract) {
            return (FieldValues.Names) cached[1];
        }
        FieldValues.Names names = new FieldValues.Names(contract.fields().stream().map(FieldDefinition::name).toList());
        NAMES.set(slot, new Object[] {contract, names});
        return names;
    }

    private static String key(List<String> keyFields, Map<String, Object> values) {
        if (keyFields.size() == 1) {
            return String.valueOf(values.get(keyFields.get(0)));
        }
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < keyFields.size(); i++) {
            if (i > 0) {
                key.append(KEY_SEPARATOR);
            }
            key.append(values.get(keyFields.get(i)));
        }
        return key.toString();
    }

    /** Integers from JSON/YAML parsers (Integer, Short, BigInteger...) as Long, floats as Double. */
    private static Object normalise(Object raw) {
        if (raw instanceof Integer || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof java.math.BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b.toString();
        }
        if (raw instanceof Float || raw instanceof java.math.BigDecimal) {
            return ((Number) raw).doubleValue();
        }
        return raw;
    }

    private static Object fallback(FieldDefinition field, DatasetStats stats) {
        if (field.defaultValue() != null) {
            return defaultRaw(field.defaultValue());
        }
        if (field.impute() == null) {
            return null;
        }
        FieldStats s = stats.of(field.name());
        if (s == null) {
            return null;
        }
        Object v = switch (field.impute()) {
            case "mean" -> s.mean();
            case "median" -> s.median();
            default -> s.mode();
        };
        if (v instanceof Double d && field.type() == FieldType.INTEGER) {
            return Math.round(d);
        }
        return v;
    }

    /** A declared default as a raw input value: booleans as is, everything else as text. */
    static Object defaultRaw(Object declared) {
        return declared instanceof Boolean b ? b : String.valueOf(declared);
    }

    private static Object outlier(FieldDefinition field, Object typed, DatasetStats stats, List<String> flagged) {
        OutlierRule rule = field.outliers();
        FieldStats s = stats.of(field.name());
        if (rule == null || s == null || !(typed instanceof Number n) || s.count() < 2) {
            return typed;
        }
        double x = n.doubleValue();
        double low;
        double high;
        if ("iqr".equals(rule.method())) {
            if (s.q1() == null || s.q3() == null) {
                return typed;
            }
            double iqr = s.q3() - s.q1();
            low = s.q1() - rule.limit() * iqr;
            high = s.q3() + rule.limit() * iqr;
        } else {
            if (s.mean() == null || s.stddev() == null || s.stddev() == 0) {
                return typed;
            }
            low = s.mean() - rule.limit() * s.stddev();
            high = s.mean() + rule.limit() * s.stddev();
        }
        if (x >= low && x <= high) {
            return typed;
        }
        if (!rule.clip()) {
            flagged.add(field.name());
            return typed;
        }
        double clipped = x < low ? low : high;
        return field.type() == FieldType.INTEGER ? (Object) Math.round(clipped) : (Object) clipped;
    }

    private static void check(FieldDefinition field, Object value, List<RuleViolation> violations) {
        String name = field.name();
        double measure = value instanceof Number n ? n.doubleValue()
            : value instanceof String s ? s.length() : Double.NaN;
        String what = value instanceof String ? "length " : "";
        if (field.min() != null && !Double.isNaN(measure) && measure < field.min()) {
            violations.add(new RuleViolation(name, "min", what + format(measure) + " is below the minimum "
                + format(field.min())));
        }
        if (field.max() != null && !Double.isNaN(measure) && measure > field.max()) {
            violations.add(new RuleViolation(name, "max", what + format(measure) + " is above the maximum "
                + format(field.max())));
        }
        if (field.pattern() != null && value instanceof String s && !pattern(field.pattern()).matcher(s).matches()) {
            violations.add(new RuleViolation(name, "regex", "'" + abbreviate(s) + "' does not match " + field.pattern()));
        }
        if (field.allowedValues() != null && !field.allowedValues().isEmpty()
            && !field.allowedValues().contains(text(value))) {
            violations.add(new RuleViolation(name, field.type() == FieldType.ENUM ? "enum" : "allowed",
                "'" + abbreviate(text(value)) + "' is not one of " + field.allowedValues()));
        }
    }

    private static String text(Object value) {
        if (value instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.valueOf(d.longValue());
        }
        return String.valueOf(value);
    }

    private static String format(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d);
    }

    private static String describe(CrossFieldRule rule, Map<String, Object> values) {
        Map<String, Object> used = new HashMap<>();
        rule.left().fields().forEach(f -> used.put(f, values.get(f)));
        rule.right().fields().forEach(f -> used.put(f, values.get(f)));
        return used.entrySet().stream().sorted(Map.Entry.comparingByKey())
            .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static final Map<String, List<CrossFieldRule>> RULES = new java.util.concurrent.ConcurrentHashMap<>();

    private static List<CrossFieldRule> rules(DatasetContract contract) {
        if (contract.rules().isEmpty()) {
            return List.of();
        }
        java.util.Set<String> names = contract.fields().stream().map(FieldDefinition::name)
            .collect(Collectors.toSet());
        return RULES.computeIfAbsent(contract.name() + "@" + contract.version() + "@" + contract.rules(),
            k -> contract.rules().stream().map(r -> CrossFieldRule.parse(r, names)).toList());
    }

    /** A compiled pattern (validated when the contract was stored). */
    static Pattern pattern(String regex) {
        return PATTERNS.computeIfAbsent(regex, r -> {
            try {
                return Pattern.compile(r);
            } catch (PatternSyntaxException e) {
                return Pattern.compile("(?!)");
            }
        });
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
