package io.meridian.inference.model;

import java.util.Locale;

/** What a model predicts, from the registry tag {@code task}. */
public enum ModelTask {
    /** Two classes; score = P(positive class). */
    BINARY,
    /** More than two classes; score = P(predicted label). */
    MULTICLASS,
    /** A number; score = the predicted value, no label. */
    REGRESSION;

    /**
     * Parses the tag value: {@code binary}, {@code multiclass}, {@code regression}, and the foundation's
     * {@code binary-classification} / {@code multiclass-classification} spellings.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static ModelTask parse(String tag) {
        return switch (tag.trim().toLowerCase(Locale.ROOT)) {
            case "binary", "binary-classification" -> BINARY;
            case "multiclass", "multiclass-classification" -> MULTICLASS;
            case "regression" -> REGRESSION;
            default -> throw new IllegalArgumentException("tag 'task' is '" + tag
                + "'; expected binary, multiclass or regression");
        };
    }

    /** The tag spelling. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
