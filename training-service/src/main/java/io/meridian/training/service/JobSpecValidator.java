package io.meridian.training.service;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import io.meridian.problem.ProblemException;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobSpec.Hyperparameters;
import io.meridian.training.model.JobSpecRequest;

/** Turns a client's job request into a {@link JobSpec} with defaults, or a 400 problem naming the field. */
public final class JobSpecValidator {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final double DEFAULT_HOLDOUT = 0.2;

    private JobSpecValidator() {
    }

    public static JobSpec validate(JobSpecRequest request) {
        if (request == null) {
            throw ProblemException.badRequest(null, "The request body must be a job specification.");
        }
        String dataset = required("dataset", request.dataset());
        if (!NAME.matcher(dataset).matches()) {
            throw ProblemException.badRequest("dataset", "dataset must be 1-128 letters, digits, '.', '_' or '-'.");
        }
        String label = required("label", request.label());
        String algorithm = blank(request.algorithm()) ? JobSpec.LOGISTIC_REGRESSION : request.algorithm().trim();
        if (!JobSpec.LOGISTIC_REGRESSION.equals(algorithm)) {
            throw ProblemException.badRequest("algorithm", "Unknown algorithm '" + algorithm
                + "'; supported: " + JobSpec.LOGISTIC_REGRESSION + ".");
        }
        String modelName = blank(request.modelName()) ? dataset : request.modelName().trim();
        if (!NAME.matcher(modelName).matches()) {
            throw ProblemException.badRequest("modelName",
                "modelName must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }
        long seed = request.seed() == null ? 0 : request.seed();
        double holdout = request.holdoutFraction() == null || request.holdoutFraction() == 0 ? DEFAULT_HOLDOUT
            : request.holdoutFraction();
        if (!(holdout > 0 && holdout < 1)) {
            throw ProblemException.badRequest("holdoutFraction", "holdoutFraction must be between 0 and 1 "
                + "(exclusive); got " + request.holdoutFraction() + ".");
        }
        return new JobSpec(dataset, label, algorithm, modelName, seed, holdout,
            hyperparameters(request.hyperparameters()));
    }

    private static Map<String, String> hyperparameters(Map<String, Object> given) {
        Map<String, Object> values = given == null ? Map.of() : given;
        for (String name : values.keySet()) {
            if (!name.equals(Hyperparameters.EPOCHS) && !name.equals(Hyperparameters.LEARNING_RATE)
                && !name.equals(Hyperparameters.L2)) {
                throw ProblemException.badRequest("hyperparameters." + name, "Unknown hyperparameter '" + name
                    + "'; logistic-regression takes epochs, learningRate and l2.");
            }
        }
        int epochs = Hyperparameters.DEFAULT_EPOCHS;
        Object epochsValue = values.get(Hyperparameters.EPOCHS);
        if (epochsValue != null) {
            try {
                epochs = Integer.parseInt(epochsValue.toString().trim());
            } catch (NumberFormatException e) {
                epochs = -1;
            }
            if (epochs <= 0 || epochs > 10_000) {
                throw ProblemException.badRequest("hyperparameters.epochs",
                    "epochs must be a whole number from 1 to 10000; got '" + epochsValue + "'.");
            }
        }
        double learningRate = number(values, Hyperparameters.LEARNING_RATE, Hyperparameters.DEFAULT_LEARNING_RATE);
        if (!(learningRate > 0)) {
            throw ProblemException.badRequest("hyperparameters.learningRate",
                "learningRate must be a number greater than 0; got '" + values.get(Hyperparameters.LEARNING_RATE)
                    + "'.");
        }
        double l2 = number(values, Hyperparameters.L2, Hyperparameters.DEFAULT_L2);
        if (!(l2 >= 0)) {
            throw ProblemException.badRequest("hyperparameters.l2",
                "l2 must be a number of at least 0; got '" + values.get(Hyperparameters.L2) + "'.");
        }
        Map<String, String> resolved = new LinkedHashMap<>();
        resolved.put(Hyperparameters.EPOCHS, Integer.toString(epochs));
        resolved.put(Hyperparameters.LEARNING_RATE, Double.toString(learningRate));
        resolved.put(Hyperparameters.L2, Double.toString(l2));
        return resolved;
    }

    private static double number(Map<String, Object> values, String name, double fallback) {
        Object value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.toString().trim());
            return Double.isFinite(parsed) ? parsed : Double.NaN;
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String required(String field, String value) {
        if (blank(value)) {
            throw ProblemException.badRequest(field, field + " is required.");
        }
        return value.trim();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
