package io.meridian.launcher;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads samples out of the Prometheus text exposition format ({@code /q/metrics}). */
public final class PrometheusText {
    /**
     * name, optional label set (quoted values may hold any character), value, optional timestamp, optional
     * OpenMetrics exemplar ({@code # {trace_id="..."} 1.0 1700000000.0}).
     */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)"
        + "(\\{((?:[^\"}]|\"(?:[^\"\\\\]|\\\\.)*\")*)})?"
        + "\\s+(\\S+)(?:\\s+-?[0-9.eE+-]+)?(?:\\s+#.*)?$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private PrometheusText() {
    }

    /**
     * The sum of the samples of {@code metric} whose labels include all of {@code labels} (other labels may be
     * present, in any order), or empty if there is none.
     */
    public static OptionalDouble value(String text, String metric, Map<String, String> labels) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher m = SAMPLE.matcher(line.trim());
            if (!m.matches() || !m.group(1).equals(metric)) {
                continue;
            }
            Map<String, String> present = labels(m.group(3));
            if (labels.entrySet().stream().allMatch(e -> e.getValue().equals(present.get(e.getKey())))) {
                sum += Double.parseDouble(m.group(4));
                found = true;
            }
        }
        return found ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (text == null) {
            return labels;
        }
        Matcher m = LABEL.matcher(text);
        while (m.find()) {
            labels.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return labels;
    }
}
