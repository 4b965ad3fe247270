package io.meridian.training.engine.model;

import java.util.List;

/**
 * A hyperparameter an algorithm accepts: its type, default and valid range, used to validate requests (an
 * invalid value is rejected naming the field) and to declare search spaces.
 *
 * @param name e.g. "learningRate"
 * @param type INT, DOUBLE, or CHOICE (one of {@code choices})
 * @param defaultValue as text
 * @param min inclusive lower bound for numbers (NaN = none)
 * @param max inclusive upper bound for numbers (NaN = none)
 * @param choices the allowed values of a CHOICE
 * @param description one line for users
 */
public record HyperparameterDef(String name, Type type, String defaultValue, double min, double max,
                                List<String> choices, String description) {
    public enum Type { INT, DOUBLE, CHOICE }

    public HyperparameterDef {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }
}
