package io.meridian.inference.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.meridian.registry.v1.ModelInput;
import io.meridian.registry.v1.ModelVersion;

/**
 * How to feed a model version and read its outputs, taken from the registry metadata (inputs and tags) and later
 * checked against the ONNX graph by the loader.
 *
 * <p>Two layouts exist. {@link Layout#NAMED_INPUTS} is the one-graph pipeline training exports since issue 4: one
 * graph input per raw feature, named as the feature, shape [N, 1], float32 for numeric and string for categorical
 * features; outputs {@code label} (string [N]) and {@code probabilities} (float [N, C], columns in tag
 * {@code class_order} order) for classifiers, {@code value} (float [N, 1]) for regression.
 * {@link Layout#PACKED_FEATURES} is the foundation's format, recognised by the tag {@code input_name}: one float
 * input [N, F] with the registered inputs as columns and a [N, 2] probabilities output [negative, positive]; its
 * label is the positive class when P(positive) >= 0.5.
 *
 * @param layout              how inputs are fed
 * @param task                what the model predicts
 * @param inputs              registered inputs in registry order
 * @param classes             class labels in probability-column order (empty for regression)
 * @param positiveClass       binary: the class whose probability is the score; null otherwise
 * @param threshold           binary: the decision threshold the graph's label applies (tag {@code threshold}, NaN if
 *                            the registry does not record it); 0.5 for the packed layout
 * @param packedInput         packed layout: the name of the single input tensor; null otherwise
 * @param probabilitiesOutput classifiers: name of the probabilities output; null for regression
 * @param labelOutput         named layout classifiers: name of the label output; null otherwise
 * @param valueOutput         regression: name of the value output; null otherwise
 */
public record ModelSchema(Layout layout, ModelTask task, List<FeatureInput> inputs, List<String> classes,
        String positiveClass, double threshold, String packedInput, String probabilitiesOutput, String labelOutput,
        String valueOutput) {

    /** Graph output with the predicted labels (string [N]). */
    public static final String LABEL = "label";
    /** Graph output with the class probabilities (float [N, C]). */
    public static final String PROBABILITIES = "probabilities";
    /** Graph output with the regression value (float [N, 1]). */
    public static final String VALUE = "value";

    /** How a graph takes its features. */
    public enum Layout {
        /** One input per raw feature, named as the feature, [N, 1] float32 or string (issue-4 pipelines). */
        NAMED_INPUTS,
        /** One float32 input [N, F], columns in registered-input order (foundation models, tag input_name). */
        PACKED_FEATURES
    }

    public ModelSchema {
        inputs = List.copyOf(inputs);
        classes = List.copyOf(classes);
    }

    /** Index of {@code label} in {@link #classes()}, or -1. */
    public int classIndex(String label) {
        return classes.indexOf(label);
    }

    /**
     * Reads the schema of {@code version} from its registry metadata.
     *
     * @throws IllegalArgumentException naming the input or tag at fault when the metadata cannot be served
     */
    public static ModelSchema of(ModelVersion version) {
        Map<String, String> tags = version.getTagsMap();
        List<FeatureInput> inputs = inputs(version.getInputsList());
        if (tags.containsKey("input_name")) {
            return packed(tags, inputs);
        }
        ModelTask task = task(tags, version.getOutputsList());
        if (task == ModelTask.REGRESSION) {
            return new ModelSchema(Layout.NAMED_INPUTS, task, inputs, List.of(), null, Double.NaN, null, null, null,
                VALUE);
        }
        List<String> classes = classOrder(tags);
        String positive = null;
        double threshold = Double.NaN;
        if (task == ModelTask.BINARY) {
            if (classes.size() != 2) {
                throw new IllegalArgumentException("task is binary but tag 'class_order' names " + classes.size()
                    + " classes: " + classes);
            }
            positive = tags.getOrDefault("positive_class", classes.get(1));
            if (!classes.contains(positive)) {
                throw new IllegalArgumentException("tag 'positive_class' is '" + positive
                    + "', which is not in tag 'class_order' " + classes);
            }
            threshold = threshold(tags);
        }
        return new ModelSchema(Layout.NAMED_INPUTS, task, inputs, classes, positive, threshold, null, PROBABILITIES,
            LABEL, null);
    }

    private static ModelSchema packed(Map<String, String> tags, List<FeatureInput> inputs) {
        for (FeatureInput input : inputs) {
            if (input.categorical()) {
                throw new IllegalArgumentException("input '" + input.name() + "' is categorical, but a model with "
                    + "tag 'input_name' (one packed float input) can only take numeric inputs");
            }
        }
        String task = tags.getOrDefault("task", "binary");
        if (ModelTask.parse(task) != ModelTask.BINARY) {
            throw new IllegalArgumentException("tag 'task' is '" + task + "', but a model with tag 'input_name' "
                + "(the packed single-input format) can only be a binary classifier");
        }
        String positive = tags.getOrDefault("positive_class", "true");
        String negative = tags.getOrDefault("negative_class", otherClass(positive));
        return new ModelSchema(Layout.PACKED_FEATURES, ModelTask.BINARY, inputs, List.of(negative, positive), positive,
            0.5, tags.get("input_name"), tags.getOrDefault("output_probabilities", PROBABILITIES), null, null);
    }

    private static List<FeatureInput> inputs(List<ModelInput> registered) {
        if (registered.isEmpty()) {
            throw new IllegalArgumentException("the version registers no inputs");
        }
        List<FeatureInput> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ModelInput input : registered) {
            String name = input.getName();
            if (name.isBlank()) {
                throw new IllegalArgumentException("an input has an empty name");
            }
            if (!names.add(name)) {
                throw new IllegalArgumentException("input '" + name + "' is registered twice");
            }
            String type = input.getType().isEmpty() ? FeatureInput.FLOAT : input.getType().toLowerCase(Locale.ROOT);
            if (!FeatureInput.FLOAT.equals(type) && !FeatureInput.STRING.equals(type)) {
                throw new IllegalArgumentException("input '" + name + "' has type '" + input.getType()
                    + "'; expected float or string");
            }
            inputs.add(new FeatureInput(name, type, input.getLevelsList(), input.getRejectUnseen(),
                input.getOptional()));
        }
        return inputs;
    }

    private static ModelTask task(Map<String, String> tags, List<String> outputs) {
        String tag = tags.get("task");
        if (tag != null) {
            return ModelTask.parse(tag);
        }
        if (outputs.contains(VALUE)) {
            return ModelTask.REGRESSION;
        }
        String order = tags.get("class_order");
        if (order == null) {
            throw new IllegalArgumentException("tag 'task' is missing and cannot be inferred (no output 'value', no "
                + "tag 'class_order')");
        }
        return classOrder(tags).size() == 2 ? ModelTask.BINARY : ModelTask.MULTICLASS;
    }

    private static List<String> classOrder(Map<String, String> tags) {
        String order = tags.get("class_order");
        if (order == null || order.isEmpty()) {
            throw new IllegalArgumentException("tag 'class_order' is missing; a classifier needs it to name the "
                + "probability columns");
        }
        List<String> classes = Arrays.asList(order.split(",", -1));
        if (classes.size() < 2 || new HashSet<>(classes).size() != classes.size() || classes.contains("")) {
            throw new IllegalArgumentException("tag 'class_order' is '" + order
                + "'; expected at least two distinct, non-empty, comma-separated classes");
        }
        return classes;
    }

    private static double threshold(Map<String, String> tags) {
        String raw = tags.get("threshold");
        if (raw == null) {
            return Double.NaN;
        }
        try {
            double threshold = Double.parseDouble(raw);
            if (threshold < 0 || threshold > 1) {
                throw new IllegalArgumentException("tag 'threshold' is " + raw + "; expected a probability in [0, 1]");
            }
            return threshold;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("tag 'threshold' is '" + raw + "'; expected a number", e);
        }
    }

    /** The foundation's default for the class that is not {@code positive}. */
    static String otherClass(String positive) {
        return switch (positive.toLowerCase(Locale.ROOT)) {
            case "true" -> "false";
            case "false" -> "true";
            case "1" -> "0";
            case "yes" -> "no";
            default -> "not_" + positive;
        };
    }
}
