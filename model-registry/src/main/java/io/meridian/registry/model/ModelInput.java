package io.meridian.registry.model;

import java.util.List;

/**
 * One named model input, in the order the model expects it.
 *
 * @param name the graph input's name
 * @param type "float" (numeric) or "string" (categorical)
 * @param levels categorical inputs: every category seen in training (empty otherwise)
 * @param rejectUnseen categorical inputs: a category outside {@code levels} is refused by serving instead of being
 *                     encoded as all zeros
 * @param optional the graph imputes a missing value, so callers may leave the input out
 */
public record ModelInput(String name, String type, List<String> levels, boolean rejectUnseen, boolean optional) {
    public ModelInput {
        levels = levels == null ? List.of() : List.copyOf(levels);
    }

    public ModelInput(String name, String type) {
        this(name, type, List.of(), false, false);
    }
}
