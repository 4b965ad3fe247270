package io.meridian.ingest.service.quality;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule between fields of one record: {@code a OP b} with OP one of {@code >= > <= < == !=}, where each side is a
 * field name, a number, or {@code sum(f1, f2, ...)}. Numbers compare as numbers (== with a relative tolerance of
 * 1e-9), timestamps as instants, other values as text. A rule whose fields are null is not checked.
 */
public record CrossFieldRule(String text, Operand left, String op, Operand right) {
    private static final Pattern RULE = Pattern.compile("\\s*(.+?)\\s*(>=|<=|==|!=|>|<)\\s*(.+?)\\s*");
    private static final Pattern SUM = Pattern.compile("sum\\s*\\((.*)\\)");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** One side: field names to add up (one for a plain field) or a constant. */
    public record Operand(List<String> fields, Double constant) {
    }

    /**
     * Parses a rule, checking that every field is in {@code known}.
     *
     * @throws IllegalArgumentException with the reason
     */
    public static CrossFieldRule parse(String text, Set<String> known) {
        Matcher m = text == null ? null : RULE.matcher(text);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("rule '" + text
                + "' is not of the form 'a >= b' (operators >=, >, <=, <, ==, !=; sides a field, a number or sum(f1, f2))");
        }
        return new CrossFieldRule(text.strip(), operand(m.group(1), known), m.group(2), operand(m.group(3), known));
    }

    private static Operand operand(String side, Set<String> known) {
        Matcher sum = SUM.matcher(side);
        List<String> names = new ArrayList<>();
        if (sum.matches()) {
            for (String part : sum.group(1).split(",")) {
                names.add(part.strip());
            }
        } else {
            try {
                return new Operand(List.of(), Double.parseDouble(side));
            } catch (NumberFormatException notANumber) {
                names.add(side.strip());
            }
        }
        for (String n : names) {
            if (!NAME.matcher(n).matches() || !known.contains(n)) {
                throw new IllegalArgumentException("rule side '" + side + "' names '" + n
                    + "', which is not a field of the contract");
            }
        }
        return new Operand(List.copyOf(names), null);
    }

    /** The first field the rule names (where a violation is reported). */
    public String field() {
        return left.fields.isEmpty() ? right.fields.get(0) : left.fields.get(0);
    }

    /** Whether the record's typed values satisfy the rule (true when a value it needs is null). */
    public boolean holds(Map<String, Object> values) {
        Object a = value(left, values);
        Object b = value(right, values);
        if (a == null || b == null) {
            return true;
        }
        int cmp;
        boolean equal;
        if (a instanceof Number x && b instanceof Number y) {
            double dx = x.doubleValue();
            double dy = y.doubleValue();
            equal = Math.abs(dx - dy) <= 1e-9 * Math.max(1.0, Math.max(Math.abs(dx), Math.abs(dy)));
            cmp = equal ? 0 : Double.compare(dx, dy);
        } else if (a instanceof Instant x && b instanceof Instant y) {
            cmp = x.compareTo(y);
            equal = cmp == 0;
        } else {
            cmp = a.toString().compareTo(b.toString());
            equal = cmp == 0;
        }
        return switch (op) {
            case ">=" -> cmp >= 0;
            case ">" -> cmp > 0;
            case "<=" -> cmp <= 0;
            case "<" -> cmp < 0;
            case "==" -> equal;
            default -> !equal;
        };
    }

    private static Object value(Operand o, Map<String, Object> values) {
        if (o.constant != null) {
            return o.constant;
        }
        if (o.fields.size() == 1) {
            return values.get(o.fields.get(0));
        }
        double sum = 0;
        for (String f : o.fields) {
            if (!(values.get(f) instanceof Number n)) {
                return null;
            }
            sum += n.doubleValue();
        }
        return sum;
    }
}
