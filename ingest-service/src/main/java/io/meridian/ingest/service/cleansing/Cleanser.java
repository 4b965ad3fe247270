package io.meridian.ingest.service.cleansing;

import java.util.Locale;
import java.util.regex.Pattern;

import io.meridian.ingest.model.Cleansing;
import io.meridian.ingest.model.FieldDefinition;

/**
 * Applies a field's cleansing (over the contract-level cleansing) to one raw value, BEFORE validation. Only text
 * values change; typed values (gRPC numbers, booleans, timestamps) pass through. Order: trim, null tokens, case,
 * numeric normalisation (thousands separators, decimal comma). A null token gives null (a missing value).
 */
public final class Cleanser {
    private static final Pattern GROUPED_COMMA = Pattern.compile("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?");
    private static final Pattern DECIMAL_COMMA = Pattern.compile("[+-]?(\\d{1,3}(\\.\\d{3})+|\\d+)(,\\d+)?");

    private Cleanser() {
    }

    public static Object cleanse(FieldDefinition field, Cleansing contractLevel, Object raw) {
        if (!(raw instanceof String text)) {
            return raw;
        }
        Cleansing c = field.cleansing() == null ? contractLevel : field.cleansing().over(contractLevel);
        if (c == null) {
            return raw;
        }
        String value = text;
        if (Boolean.TRUE.equals(c.trim())) {
            value = value.strip();
        }
        if (c.nullTokens() != null && c.nullTokens().contains(value.strip())) {
            return null;
        }
        if ("lower".equalsIgnoreCase(c.caseMode())) {
            value = value.toLowerCase(Locale.ROOT);
        } else if ("upper".equalsIgnoreCase(c.caseMode())) {
            value = value.toUpperCase(Locale.ROOT);
        }
        if (field.numeric()) {
            value = normaliseNumber(value, c);
        }
        return value;
    }

    /** {@code 1,234.5} (thousands ',') or {@code 1.234,5} (decimal comma) to {@code 1234.5}; anything else unchanged. */
    static String normaliseNumber(String value, Cleansing c) {
        String v = value.strip().replace("\u00a0", "").replace("\u202f", "");
        if (Boolean.TRUE.equals(c.decimalComma())) {
            String noSpaces = v.replace(" ", "");
            if (DECIMAL_COMMA.matcher(noSpaces).matches()) {
                return noSpaces.replace(".", "").replace(',', '.');
            }
            return value;
        }
        String sep = c.thousandsSeparator();
        if (sep != null && !sep.isEmpty()) {
            if (",".equals(sep)) {
                return GROUPED_COMMA.matcher(v).matches() ? v.replace(",", "") : value;
            }
            return v.replace(sep, "");
        }
        return value;
    }
}
