package io.meridian.registry.model;

import java.util.regex.Pattern;

/** Validation of the names callers choose: model names, aliases, formats. */
public final class Names {
    /** Model names and aliases: lower case letters, digits, '_', '.', '-'; at most 100 characters. */
    public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,99}");
    private static final Pattern FORMAT = Pattern.compile("[a-z0-9]{1,20}");

    private Names() {
    }

    /** Returns {@code name} or throws INVALID naming {@code field}. */
    public static String requireModelName(String field, String name) {
        return require(field, "model name", name);
    }

    /** Returns {@code alias} or throws INVALID naming {@code field}. */
    public static String requireAlias(String field, String alias) {
        return require(field, "alias", alias);
    }

    /** Returns the artifact format ("onnx" when empty) or throws INVALID. */
    public static String requireFormat(String field, String format) {
        String f = format == null || format.isBlank() ? "onnx" : format;
        if (!FORMAT.matcher(f).matches()) {
            throw RegistryException.invalid(field, "The artifact format '" + f
                + "' is not valid: use 1-20 lower case letters or digits, e.g. 'onnx'.");
        }
        return f;
    }

    private static String require(String field, String what, String value) {
        if (value == null || value.isEmpty()) {
            throw RegistryException.invalid(field, "The " + what + " is missing.");
        }
        if (!NAME.matcher(value).matches()) {
            throw RegistryException.invalid(field, "The " + what + " '" + abbreviate(value)
                + "' is not valid: use 1-100 characters [a-z0-9_.-] starting with a letter or digit.");
        }
        return value;
    }

    private static String abbreviate(String value) {
        return value.length() > 120 ? value.substring(0, 120) + "..." : value;
    }
}
