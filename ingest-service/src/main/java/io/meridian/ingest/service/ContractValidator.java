package io.meridian.ingest.service;

import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.meridian.ingest.model.Cleansing;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.Deduplication;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.FieldType;
import io.meridian.ingest.model.OutlierRule;
import io.meridian.ingest.rest.ContractRequest;
import io.meridian.ingest.service.quality.CrossFieldRule;
import io.meridian.problem.ProblemException;

/** Checks a proposed dataset contract; every problem is a 400 naming the input at fault. */
public final class ContractValidator {
    /** Dataset names: lower-case letters, digits, '_' and '-', starting with a letter or digit, at most 63. */
    public static final Pattern DATASET_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
    private static final int MAX_FIELD_NAME = 128;

    /**
     * One proposed field as sent by a client; {@code type} is the JSON type name. {@code format} (one pattern) and
     * {@code formats} (several) are merged; {@code values} is an alias of {@code allowedValues}.
     */
    public record ProposedField(String name, String type, Boolean required, Boolean nullable, String format,
        List<String> formats, Double min, Double max, String pattern,
        @JsonAlias("values") List<String> allowedValues, Cleansing cleansing,
        @JsonProperty("default") Object defaultValue, String impute, OutlierRule outliers) {

        /** A v1 field. */
        public ProposedField(String name, String type, Boolean required) {
            this(name, type, required, null, null, null, null, null, null, null, null, null, null, null);
        }
    }

    private ContractValidator() {
    }

    public static void checkName(String name) {
        if (name == null || !DATASET_NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("name", "Dataset name '" + name
                + "' is invalid: use 1-63 lower-case letters, digits, '_' or '-', starting with a letter or digit.");
        }
    }

    /** The validated contract (version 0, no creation time yet). */
    public static DatasetContract check(String name, ContractRequest body) {
        checkName(name);
        List<FieldDefinition> fields = checkFields(body.fields());
        Set<String> names = new HashSet<>();
        fields.forEach(f -> names.add(f.name()));
        List<String> keys = checkKey(body.key(), names);
        String label = body.label() == null || body.label().isEmpty() ? null : body.label();
        if (label != null && !names.contains(label)) {
            throw ProblemException.badRequest("label", "Label '" + label + "' is not one of the contract's fields.");
        }
        checkCleansing("cleansing", body.cleansing());
        Deduplication dedup = body.deduplicate();
        if (dedup != null && !"first".equals(dedup.keep()) && !"latest".equals(dedup.keep())) {
            throw ProblemException.badRequest("deduplicate.keep", "deduplicate.keep must be 'first' or 'latest', not '"
                + dedup.keep() + "'.");
        }
        List<String> rules = body.rules() == null ? List.of() : body.rules();
        for (int i = 0; i < rules.size(); i++) {
            try {
                CrossFieldRule.parse(rules.get(i), names);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("rules[" + i + "]", "Cross-field " + e.getMessage() + ".");
            }
        }
        if (body.retention() != null) {
            retention(body.retention());
        }
        return new DatasetContract(name, 0, fields, keys, label, body.cleansing(), dedup, rules, body.retention(),
            null);
    }

    /**
     * A retention period: ISO-8601 {@code P30D}, {@code P1Y2M} (a month = 30 days, a year = 365 days) or
     * {@code PT12H}.
     */
    public static Duration retention(String text) {
        try {
            if (text.toUpperCase(Locale.ROOT).contains("T")) {
                return Duration.parse(text);
            }
            Period p = Period.parse(text);
            return Duration.ofDays(p.getYears() * 365L + p.getMonths() * 30L + p.getDays());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("retention", "Retention '" + text
                + "' is not an ISO-8601 period or duration such as P30D or PT12H.");
        }
    }

    private static List<String> checkKey(Object key, Set<String> names) {
        List<String> keys = new ArrayList<>();
        if (key instanceof String s && !s.isBlank()) {
            keys.add(s);
        } else if (key instanceof List<?> list && !list.isEmpty()) {
            for (Object k : list) {
                if (!(k instanceof String s) || s.isBlank()) {
                    throw ProblemException.badRequest("key", "A composite key lists field names (strings).");
                }
                if (keys.contains(s)) {
                    throw ProblemException.badRequest("key", "Key field '" + s + "' is listed twice.");
                }
                keys.add(s);
            }
        } else {
            throw ProblemException.badRequest("key",
                "A contract needs a key: one field name, or a list of field names for a composite key.");
        }
        for (String k : keys) {
            if (!names.contains(k)) {
                throw ProblemException.badRequest("key", "Key '" + k + "' is not one of the contract's fields.");
            }
        }
        return keys;
    }

    /** The validated fields in the order given. */
    static List<FieldDefinition> checkFields(List<ProposedField> proposed) {
        if (proposed == null || proposed.isEmpty()) {
            throw ProblemException.badRequest("fields", "A contract needs at least one field.");
        }
        List<FieldDefinition> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < proposed.size(); i++) {
            ProposedField p = proposed.get(i);
            String at = "fields[" + i + "]";
            if (p == null) {
                throw ProblemException.badRequest(at, "Field " + i + " is null.");
            }
            String name = p.name();
            if (name == null || name.isBlank() || !name.strip().equals(name) || name.length() > MAX_FIELD_NAME) {
                throw ProblemException.badRequest(at + ".name", "Field " + i + " needs a name of 1-" + MAX_FIELD_NAME
                    + " characters without leading or trailing spaces.");
            }
            if (!names.add(name)) {
                throw ProblemException.badRequest(at + ".name", "Field '" + name + "' is declared twice.");
            }
            FieldType type = FieldType.fromWireName(p.type()).orElseThrow(() -> ProblemException.badRequest(
                at + ".type", "Field '" + name + "' has unknown type '" + p.type() + "'; known types: "
                    + FieldType.wireNames() + "."));
            fields.add(checkField(at, p, type));
        }
        return fields;
    }

    private static FieldDefinition checkField(String at, ProposedField p, FieldType type) {
        String name = p.name();
        List<String> formats = new ArrayList<>();
        if (p.format() != null) {
            formats.add(p.format());
        }
        if (p.formats() != null) {
            formats.addAll(p.formats());
        }
        if (!formats.isEmpty() && type != FieldType.TIMESTAMP) {
            throw ProblemException.badRequest(at + ".format", "Field '" + name
                + "': date formats apply to timestamp fields only.");
        }
        for (String f : formats) {
            try {
                DateTimeFormatter.ofPattern(f, Locale.ROOT);
            } catch (IllegalArgumentException | NullPointerException e) {
                throw ProblemException.badRequest(at + ".format", "Field '" + name + "': '" + f
                    + "' is not a date-time pattern (e.g. dd/MM/yyyy HH:mm).");
            }
        }
        if (p.min() != null && p.max() != null && p.min() > p.max()) {
            throw ProblemException.badRequest(at + ".min", "Field '" + name + "': min " + p.min() + " is above max "
                + p.max() + ".");
        }
        if (p.pattern() != null) {
            try {
                Pattern.compile(p.pattern());
            } catch (PatternSyntaxException e) {
                throw ProblemException.badRequest(at + ".pattern", "Field '" + name + "': '" + p.pattern()
                    + "' is not a regular expression: " + e.getDescription() + ".");
            }
        }
        if (type == FieldType.ENUM && (p.allowedValues() == null || p.allowedValues().isEmpty())) {
            throw ProblemException.badRequest(at + ".allowedValues", "Field '" + name
                + "' is an enum: list its allowedValues.");
        }
        checkCleansing(at + ".cleansing", p.cleansing());
        boolean numeric = type == FieldType.INTEGER || type == FieldType.DECIMAL;
        if (p.impute() != null) {
            if (!List.of("mean", "median", "mode").contains(p.impute())) {
                throw ProblemException.badRequest(at + ".impute", "Field '" + name
                    + "': impute must be mean, median or mode.");
            }
            if (!numeric && !"mode".equals(p.impute())) {
                throw ProblemException.badRequest(at + ".impute", "Field '" + name
                    + "': only numeric fields can be imputed with the " + p.impute() + ".");
            }
            if (p.defaultValue() != null) {
                throw ProblemException.badRequest(at + ".impute", "Field '" + name
                    + "': give either a default or impute, not both.");
            }
        }
        OutlierRule o = p.outliers();
        if (o != null) {
            if (!numeric) {
                throw ProblemException.badRequest(at + ".outliers", "Field '" + name
                    + "': outlier handling applies to integer and decimal fields.");
            }
            if (!"zscore".equals(o.method()) && !"iqr".equals(o.method())) {
                throw ProblemException.badRequest(at + ".outliers.method", "Field '" + name
                    + "': outliers.method must be zscore or iqr.");
            }
            if (o.action() != null && !"flag".equals(o.action()) && !"clip".equals(o.action())) {
                throw ProblemException.badRequest(at + ".outliers.action", "Field '" + name
                    + "': outliers.action must be flag or clip.");
            }
            if (o.threshold() != null && !(o.threshold() > 0)) {
                throw ProblemException.badRequest(at + ".outliers.threshold", "Field '" + name
                    + "': outliers.threshold must be above 0.");
            }
        }
        if (p.defaultValue() != null) {
            if (!(p.defaultValue() instanceof String || p.defaultValue() instanceof Number
                || p.defaultValue() instanceof Boolean)) {
                throw ProblemException.badRequest(at + ".default", "Field '" + name + "': a default is a scalar.");
            }
            try {
                ValueCoercion.coerce(type, RecordValidator.defaultRaw(p.defaultValue()), formats);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(at + ".default", "Field '" + name + "': default " + e.getMessage()
                    + ".");
            }
        }
        return new FieldDefinition(name, type, Boolean.TRUE.equals(p.required()), p.nullable(),
            formats.isEmpty() ? null : formats, p.min(), p.max(), p.pattern(), p.allowedValues(), p.cleansing(),
            p.defaultValue(), p.impute(), o);
    }

    private static void checkCleansing(String at, Cleansing c) {
        if (c != null && c.caseMode() != null && !"lower".equals(c.caseMode()) && !"upper".equals(c.caseMode())) {
            throw ProblemException.badRequest(at + ".case", "case must be 'lower' or 'upper', not '" + c.caseMode()
                + "'.");
        }
    }
}
