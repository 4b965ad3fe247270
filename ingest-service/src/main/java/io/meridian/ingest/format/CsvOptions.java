package io.meridian.ingest.format;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.meridian.problem.ProblemException;

/**
 * How a CSV input is read.
 *
 * @param delimiter field separator (default {@code ,})
 * @param quote     quote character (default {@code "})
 * @param charset   text encoding (default UTF-8); ASCII-compatible charsets only
 * @param header    whether the first row names the columns (default true)
 * @param columns   the column names when there is no header row; empty otherwise
 */
public record CsvOptions(char delimiter, char quote, Charset charset, boolean header, List<String> columns) {
    public static final CsvOptions DEFAULT = new CsvOptions(',', '"', StandardCharsets.UTF_8, true, List.of());

    public CsvOptions {
        columns = List.copyOf(columns);
    }

    /**
     * Options from request parameters (each may be null for its default); a bad value is a 400 problem naming
     * the parameter.
     *
     * <p>The {@code charset} parameter of a Content-Type is deliberately not used: common HTTP clients (REST
     * Assured, Apache HttpClient) add {@code charset=ISO-8859-1} to {@code text/*} types on their own, which
     * would silently mis-decode UTF-8 uploads. The encoding is named with the {@code encoding} parameter only.
     *
     * @param encoding charset name (default UTF-8)
     * @param columns  comma separated column names, only with {@code header=false}
     */
    public static CsvOptions of(String delimiter, String quote, String encoding, String header, String columns) {
        char d = character("delimiter", delimiter, ',');
        char q = character("quote", quote, '"');
        if (d == q) {
            throw ProblemException.badRequest("quote", "The delimiter and the quote must be different characters.");
        }
        Charset charset = charset(encoding);
        boolean hasHeader;
        if (header == null || header.isBlank() || header.equalsIgnoreCase("true")) {
            hasHeader = true;
        } else if (header.equalsIgnoreCase("false")) {
            hasHeader = false;
        } else {
            throw ProblemException.badRequest("header", "header must be true or false, not '" + header + "'.");
        }
        List<String> names = new ArrayList<>();
        if (columns != null && !columns.isBlank()) {
            if (hasHeader) {
                throw ProblemException.badRequest("columns",
                    "columns names the columns of a CSV without a header row; send it with header=false.");
            }
            for (String name : columns.split(",", -1)) {
                if (name.isBlank()) {
                    throw ProblemException.badRequest("columns", "columns must be a comma separated list of names "
                        + "without empty entries, e.g. columns=customer_id,tenure_months.");
                }
                names.add(name.strip());
            }
        } else if (!hasHeader) {
            throw ProblemException.badRequest("columns",
                "With header=false send the column names in order, e.g. columns=customer_id,tenure_months,churned.");
        }
        return new CsvOptions(d, q, charset, hasHeader, names);
    }

    private static char character(String parameter, String value, char fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        String v = switch (value.toLowerCase(Locale.ROOT)) {
            case "tab", "\\t" -> "\t";
            case "comma" -> ",";
            case "semicolon" -> ";";
            case "pipe" -> "|";
            default -> value;
        };
        if (v.length() != 1 || v.charAt(0) == '\n' || v.charAt(0) == '\r') {
            throw ProblemException.badRequest(parameter, parameter + " must be one character (or tab, comma, "
                + "semicolon, pipe), not '" + value + "'.");
        }
        return v.charAt(0);
    }

    private static Charset charset(String name) {
        if (name == null || name.isBlank()) {
            return StandardCharsets.UTF_8;
        }
        Charset charset;
        try {
            charset = Charset.forName(name.strip().replace("\"", ""));
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw ProblemException.badRequest("encoding",
                "Unknown character encoding '" + name + "'; use e.g. UTF-8, ISO-8859-1 or windows-1252.");
        }
        if (!ByteLineSource.supports(charset)) {
            throw ProblemException.badRequest("encoding",
                "The encoding " + charset.name() + " is not supported: CSV uploads must use an ASCII-compatible "
                    + "encoding (UTF-8, ISO-8859-*, windows-125*, ...), not UTF-16 or UTF-32.");
        }
        return charset;
    }

    Optional<List<String>> declaredColumns() {
        return header ? Optional.empty() : Optional.of(columns);
    }
}
