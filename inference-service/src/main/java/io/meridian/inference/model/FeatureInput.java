package io.meridian.inference.model;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One registered model input, as the registry's {@code ModelInput} declares it.
 *
 * @param name         the feature name (and, for one-graph models, the name of the graph input)
 * @param type         {@value #FLOAT} for numeric inputs, {@value #STRING} for categorical ones
 * @param levels       categorical inputs: every category seen in training (empty for numeric inputs)
 * @param rejectUnseen categorical inputs: a value outside {@code levels} is rejected instead of encoded as zeros
 * @param optional     numeric inputs: the graph imputes a missing value, so the caller may omit the feature
 */
public record FeatureInput(String name, String type, List<String> levels, boolean rejectUnseen, boolean optional) {
    /** Registry type of a numeric input (float32 tensor). */
    public static final String FLOAT = "float";
    /** Registry type of a categorical input (string tensor). */
    public static final String STRING = "string";

    public FeatureInput {
        levels = List.copyOf(levels);
    }

    /** True for a categorical (string) input. */
    @JsonIgnore
    public boolean categorical() {
        return STRING.equals(type);
    }
}
