package io.meridian.ingest.source;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * A simple JSON path: dotted names with array indexes, e.g. {@code data.items}, {@code customer.id},
 * {@code items[0].sku}, {@code $.results}. An empty path or {@code $} is the node itself.
 */
public final class JsonPath {
    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]*)((?:\\[\\d+])*)");
    private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

    private final String text;
    private final List<Object> steps;

    private JsonPath(String text, List<Object> steps) {
        this.text = text;
        this.steps = steps;
    }

    /** Parses a path; {@link IllegalArgumentException} with a readable message when malformed. */
    public static JsonPath parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.equals("$")) {
            t = "";
        } else if (t.startsWith("$.")) {
            t = t.substring(2);
        } else if (t.startsWith("$[")) {
            t = t.substring(1);
        }
        List<Object> steps = new ArrayList<>();
        if (!t.isEmpty()) {
            for (String part : t.split("\\.", -1)) {
                Matcher m = SEGMENT.matcher(part);
                if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    throw new IllegalArgumentException("'" + text + "' is not a JSON path like a.b[0].c");
                }
                if (!m.group(1).isEmpty()) {
                    steps.add(m.group(1));
                }
                Matcher idx = INDEX.matcher(m.group(2));
                while (idx.find()) {
                    steps.add(Integer.parseInt(idx.group(1)));
                }
            }
        }
        return new JsonPath(text, List.copyOf(steps));
    }

    /** The node at this path, or a missing node. */
    public JsonNode read(JsonNode root) {
        JsonNode node = root;
        for (Object step : steps) {
            if (node == null || node.isMissingNode()) {
                return MissingNode.getInstance();
            }
            node = step instanceof Integer i ? node.path(i) : node.path((String) step);
        }
        return node == null ? MissingNode.getInstance() : node;
    }

    @Override
    public String toString() {
        return text;
    }
}
