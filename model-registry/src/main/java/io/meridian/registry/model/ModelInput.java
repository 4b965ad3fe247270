package io.meridian.registry.model;

/** One named model input, in the order the model expects it ({@code type} "float" or "string"). */
public record ModelInput(String name, String type) {
}
