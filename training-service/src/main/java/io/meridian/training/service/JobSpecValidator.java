package io.meridian.training.service;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import io.meridian.problem.ProblemException;
import io.meridian.training.engine.model.HyperparameterDef;
import io.meridian.training.engine.model.Hyperparameters;
import io.meridian.training.engine.model.ModelTrainer;
import io.meridian.training.engine.model.ModelTrainers;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobSpec.Feature;
import io.meridian.training.model.JobSpec.Imbalance;
import io.meridian.training.model.JobSpec.OneHot;
import io.meridian.training.model.JobSpec.Pca;
import io.meridian.training.model.JobSpec.Preprocessing;
import io.meridian.training.model.JobSpec.Search;
import io.meridian.training.model.JobSpec.Selection;
import io.meridian.training.model.JobSpec.Space;
import io.meridian.training.model.JobSpec.Threshold;
import io.meridian.training.model.JobSpec.Validation;

/**
 * Turns a client's job request (the REST body, or the gRPC JobSpec rendered as the same JSON) into a
 * {@link JobSpec} with defaults, or a 400 problem naming the field at fault ({@code validation.folds},
 * {@code hyperparameters.learningRate}, {@code search.space.depth}, ...).
 *
 * <p>A body with a top-level {@code holdoutFraction} is the v1 form: {@code dataset} then names a feature-service
 * training set, validation is a holdout of that fraction, and inferred features are the numeric columns.
 */
public final class JobSpecValidator {
    /** Upper bounds that keep one job's work bounded (a request past them is a 400, not a job that never ends). */
    static final int MAX_FOLDS = 100;
    static final int MAX_REPEATS = 100;
    static final int MAX_TRIALS = 1000;

    /** Metrics a search can select on, and whether higher is better. */
    static final Map<String, Boolean> CLASSIFICATION_METRICS = Map.of("accuracy", true, "precision", true,
        "recall", true, "f1", true, "roc_auc", true, "pr_auc", true, "log_loss", false, "balanced_accuracy", true);
    static final Map<String, Boolean> REGRESSION_METRICS = Map.of("rmse", false, "mae", false, "r2", true,
        "mape", false);
    static final String LOGISTIC_REGRESSION = "logistic-regression";
    static final String LINEAR_REGRESSION = "linear-regression";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> TOP_LEVEL = Set.of("dataset", "trainingSet", "label", "task", "features",
        "preprocessing", "algorithm", "hyperparameters", "validation", "search", "imbalance", "threshold",
        "permutationImportance", "positiveClass", "seed", "modelName", "holdoutFraction");
    private static final List<String> TASKS = List.of("binary", "multiclass", "regression");
    private static final List<String> KINDS = List.of("numeric", "categorical", "ignored");
    private static final List<String> VALIDATIONS = List.of("holdout", "kfold", "stratified-kfold",
        "repeated-kfold", "repeated-stratified-kfold");
    static final double DEFAULT_HOLDOUT = 0.2;
    static final int DEFAULT_FOLDS = 5;
    static final int DEFAULT_TRIALS = 10;

    private final ModelTrainers trainers;

    public JobSpecValidator(ModelTrainers trainers) {
        this.trainers = trainers;
    }

    public JobSpec validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest(null, "The request body must be a job specification (a JSON object).");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!TOP_LEVEL.contains(name)) {
                throw ProblemException.badRequest(name, "Unknown field '" + name + "'; a job takes "
                    + String.join(", ", new java.util.TreeSet<>(TOP_LEVEL)) + ".");
            }
        }
        boolean v1 = present(body, "holdoutFraction");
        String dataset = name(body, "dataset");
        String trainingSet = name(body, "trainingSet");
        if (dataset == null && trainingSet == null) {
            throw ProblemException.badRequest("dataset", "dataset (an ingest-service dataset) or trainingSet (a "
                + "feature-service training set) is required.");
        }
        if (dataset != null && trainingSet != null) {
            throw ProblemException.badRequest("trainingSet", "Give either dataset or trainingSet, not both.");
        }
        if (v1) {
            if (present(body, "validation")) {
                throw ProblemException.badRequest("holdoutFraction", "holdoutFraction is the v1 form of "
                    + "validation.holdoutFraction; give one of them.");
            }
            if (dataset != null) {
                trainingSet = dataset;
                dataset = null;
            }
        }
        String label = required(body, "label");
        String task = token(body, "task", "task", TASKS);
        List<Feature> features = features(body, label);

        String algorithm = text(body, "algorithm", "algorithm");
        if (algorithm == null) {
            algorithm = "regression".equals(task) ? LINEAR_REGRESSION : LOGISTIC_REGRESSION;
        }
        String chosen = algorithm;
        ModelTrainer trainer = trainers.find(algorithm).orElseThrow(() -> ProblemException.badRequest("algorithm",
            "Unknown algorithm '" + chosen + "'; supported: " + String.join(", ", trainerIds()) + "."));
        if (task != null && trainer.tasks().stream().noneMatch(t -> t.name().equalsIgnoreCase(task))) {
            throw ProblemException.badRequest("algorithm", "Algorithm '" + algorithm + "' does not support task '"
                + task + "'; it supports " + trainer.tasks().stream().map(t -> t.name().toLowerCase(Locale.ROOT))
                .sorted().toList() + ".");
        }
        Map<String, String> hyperparameters = hyperparameters(body.get("hyperparameters"), trainer);
        Preprocessing preprocessing = preprocessing(body.get("preprocessing"));
        Validation validation = v1
            ? new Validation("holdout", 0, 1, fraction(body, "holdoutFraction", "holdoutFraction"))
            : validation(body.get("validation"), task);
        Search search = search(body.get("search"), trainer, task);
        Imbalance imbalance = imbalance(body.get("imbalance"), task);
        Threshold threshold = threshold(body.get("threshold"), task);
        boolean permutation = bool(body, "permutationImportance", "permutationImportance");
        String positiveClass = text(body, "positiveClass", "positiveClass");
        if (positiveClass != null && task != null && !"binary".equals(task)) {
            throw ProblemException.badRequest("positiveClass", "positiveClass applies to a binary task only; the "
                + "task is " + task + ".");
        }
        long seed = seed(body.get("seed"));
        String modelName = name(body, "modelName");
        return new JobSpec(dataset, trainingSet, label, task, features, preprocessing, algorithm, hyperparameters,
            validation, search, imbalance, threshold, permutation, positiveClass, seed,
            modelName == null ? (dataset != null ? dataset : trainingSet) : modelName, v1);
    }

    /** Every trainer id, sorted. */
    List<String> trainerIds() {
        return trainers.all().stream().map(ModelTrainer::id).sorted().toList();
    }

    // ---- sections ------------------------------------------------------------------------------

    private static List<Feature> features(JsonNode body, String label) {
        JsonNode node = body.get("features");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw ProblemException.badRequest("features", "features must be a list of {name, kind}.");
        }
        List<Feature> features = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String path = "features[" + i + "]";
            JsonNode item = node.get(i);
            if (!item.isObject()) {
                throw ProblemException.badRequest(path, path + " must be an object {name, kind}.");
            }
            String name = text(item, "name", path + ".name");
            if (name == null) {
                throw ProblemException.badRequest(path + ".name", path + ".name is required.");
            }
            String kind = token(item, "kind", path + ".kind", KINDS);
            if (kind == null) {
                throw ProblemException.badRequest(path + ".kind", path + ".kind is required: one of "
                    + String.join(", ", KINDS) + ".");
            }
            if (!seen.add(name)) {
                throw ProblemException.badRequest(path + ".name", "Feature '" + name + "' is declared twice.");
            }
            if (name.equals(label) && !"ignored".equals(kind)) {
                throw ProblemException.badRequest(path + ".name", "The label '" + label + "' cannot be a feature.");
            }
            features.add(new Feature(name, kind));
        }
        if (features.stream().noneMatch(f -> !"ignored".equals(f.kind()))) {
            throw ProblemException.badRequest("features", "features must declare at least one numeric or "
                + "categorical feature.");
        }
        return List.copyOf(features);
    }

    private Map<String, String> hyperparameters(JsonNode node, ModelTrainer trainer) {
        Map<String, String> resolved = new TreeMap<>();
        if (node == null || node.isNull()) {
            return resolved;
        }
        if (!node.isObject()) {
            throw ProblemException.badRequest("hyperparameters", "hyperparameters must be an object of name: value.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "hyperparameters." + entry.getKey();
            HyperparameterDef def = definition(trainer, entry.getKey(), path);
            if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                throw ProblemException.badRequest(path, path + " must be a single value.");
            }
            resolved.put(entry.getKey(), check(def, entry.getValue().asText().trim(), path));
        }
        return resolved;
    }

    private static HyperparameterDef definition(ModelTrainer trainer, String name, String path) {
        HyperparameterDef def = trainer.hyperparameters().get(name);
        if (def == null) {
            throw ProblemException.badRequest(path, "Unknown hyperparameter '" + name + "' for " + trainer.id()
                + "; it takes " + String.join(", ", new java.util.TreeSet<>(trainer.hyperparameters().keySet()))
                + ".");
        }
        return def;
    }

    /** The value as canonical text, or a 400 naming {@code path}. */
    static String check(HyperparameterDef def, String value, String path) {
        switch (def.type()) {
            case CHOICE -> {
                if (!def.choices().contains(value)) {
                    throw ProblemException.badRequest(path, def.name() + " must be one of " + def.choices()
                        + "; got '" + value + "'.");
                }
                return value;
            }
            case INT -> {
                long parsed;
                try {
                    parsed = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw ProblemException.badRequest(path, def.name() + " must be a whole number" + range(def)
                        + "; got '" + value + "'.");
                }
                if (!inRange(def, parsed)) {
                    throw ProblemException.badRequest(path, def.name() + " must be a whole number" + range(def)
                        + "; got '" + value + "'.");
                }
                return Long.toString(parsed);
            }
            default -> {
                double parsed;
                try {
                    parsed = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    parsed = Double.NaN;
                }
                if (!Double.isFinite(parsed) || !inRange(def, parsed)) {
                    throw ProblemException.badRequest(path, def.name() + " must be a number" + range(def)
                        + "; got '" + value + "'.");
                }
                return Double.toString(parsed);
            }
        }
    }

    private static boolean inRange(HyperparameterDef def, double value) {
        return (Double.isNaN(def.min()) || value >= def.min()) && (Double.isNaN(def.max()) || value <= def.max());
    }

    private static String range(HyperparameterDef def) {
        boolean min = !Double.isNaN(def.min());
        boolean max = !Double.isNaN(def.max());
        // Hyperparameters.POSITIVE (Double.MIN_VALUE) as a lower bound means "greater than 0"
        boolean positive = def.min() == Hyperparameters.POSITIVE;
        if (positive) {
            return max ? " greater than 0 and at most " + plain(def.max()) : " greater than 0";
        }
        if (min && max) {
            return " from " + plain(def.min()) + " to " + plain(def.max());
        }
        if (min) {
            return " of at least " + plain(def.min());
        }
        return max ? " of at most " + plain(def.max()) : "";
    }

    private static String plain(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
            : Double.toString(value);
    }

    private static Preprocessing preprocessing(JsonNode node) {
        if (node == null || node.isNull()) {
            node = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        }
        object(node, "preprocessing", Set.of("imputation", "fillValue", "missingIndicators",
            "categoricalImputation", "categoricalFill", "oneHot", "scaling", "pca", "selection"));
        String imputation = orDefault(token(node, "imputation", "preprocessing.imputation",
            List.of("mean", "median", "most-frequent", "constant")), "mean");
        double fill = number(node, "fillValue", "preprocessing.fillValue", 0);
        boolean indicators = bool(node, "missingIndicators", "preprocessing.missingIndicators");
        String categorical = orDefault(token(node, "categoricalImputation", "preprocessing.categoricalImputation",
            List.of("most-frequent", "constant", "none")), "most-frequent");
        String categoricalFill = orDefault(text(node, "categoricalFill", "preprocessing.categoricalFill"),
            "missing");
        JsonNode oneHotNode = node.get("oneHot");
        OneHot oneHot = new OneHot("ignore", 0);
        if (oneHotNode != null && !oneHotNode.isNull()) {
            object(oneHotNode, "preprocessing.oneHot", Set.of("unseen", "maxLevels"));
            int maxLevels = integer(oneHotNode, "maxLevels", "preprocessing.oneHot.maxLevels", 0);
            if (maxLevels < 0) {
                throw ProblemException.badRequest("preprocessing.oneHot.maxLevels", "maxLevels must be 0 (no cap) "
                    + "or more; got " + maxLevels + ".");
            }
            oneHot = new OneHot(orDefault(token(oneHotNode, "unseen", "preprocessing.oneHot.unseen",
                List.of("ignore", "error")), "ignore"), maxLevels);
        }
        String scaling = orDefault(token(node, "scaling", "preprocessing.scaling",
            List.of("standard", "minmax", "none")), "standard");
        Pca pca = null;
        JsonNode pcaNode = node.get("pca");
        if (pcaNode != null && !pcaNode.isNull()) {
            object(pcaNode, "preprocessing.pca", Set.of("components", "varianceTarget"));
            int components = integer(pcaNode, "components", "preprocessing.pca.components", 0);
            double variance = number(pcaNode, "varianceTarget", "preprocessing.pca.varianceTarget", 0);
            if (components < 0) {
                throw ProblemException.badRequest("preprocessing.pca.components", "components must be at least 1; "
                    + "got " + components + ".");
            }
            if (variance < 0 || variance > 1) {
                throw ProblemException.badRequest("preprocessing.pca.varianceTarget", "varianceTarget must be in "
                    + "(0, 1]; got " + variance + ".");
            }
            if ((components > 0) == (variance > 0)) {
                throw ProblemException.badRequest("preprocessing.pca", "pca takes either components or "
                    + "varianceTarget.");
            }
            pca = new Pca(components, variance);
        }
        Selection selection = null;
        JsonNode selectionNode = node.get("selection");
        if (selectionNode != null && !selectionNode.isNull()) {
            object(selectionNode, "preprocessing.selection", Set.of("varianceThreshold", "correlationThreshold",
                "recursiveElimination"));
            Double variance = present(selectionNode, "varianceThreshold")
                ? number(selectionNode, "varianceThreshold", "preprocessing.selection.varianceThreshold", 0) : null;
            if (variance != null && variance < 0) {
                throw ProblemException.badRequest("preprocessing.selection.varianceThreshold",
                    "varianceThreshold must be at least 0; got " + variance + ".");
            }
            double correlation = number(selectionNode, "correlationThreshold",
                "preprocessing.selection.correlationThreshold", 0);
            if (correlation < 0 || correlation >= 1) {
                throw ProblemException.badRequest("preprocessing.selection.correlationThreshold",
                    "correlationThreshold must be in (0, 1) (0 = off); got " + correlation + ".");
            }
            int keep = integer(selectionNode, "recursiveElimination", "preprocessing.selection.recursiveElimination",
                0);
            if (keep < 0) {
                throw ProblemException.badRequest("preprocessing.selection.recursiveElimination",
                    "recursiveElimination is the number of columns to keep (at least 1, 0 = off); got " + keep + ".");
            }
            selection = new Selection(variance, correlation, keep);
        }
        return new Preprocessing(imputation, fill, indicators, categorical, categoricalFill, oneHot, scaling, pca,
            selection);
    }

    private static Validation validation(JsonNode node, String task) {
        if (node == null || node.isNull()) {
            return new Validation(null, DEFAULT_FOLDS, 1, DEFAULT_HOLDOUT);
        }
        object(node, "validation", Set.of("kind", "folds", "repeats", "holdoutFraction"));
        String kind = token(node, "kind", "validation.kind", VALIDATIONS);
        if (kind != null && kind.contains("stratified") && "regression".equals(task)) {
            throw ProblemException.badRequest("validation.kind", kind + " keeps class proportions; a regression "
                + "task uses kfold or repeated-kfold.");
        }
        int folds = integer(node, "folds", "validation.folds", DEFAULT_FOLDS);
        if (folds < 2 || folds > MAX_FOLDS) {
            throw ProblemException.badRequest("validation.folds", "folds must be from 2 to " + MAX_FOLDS + "; got "
                + folds + ".");
        }
        boolean repeated = kind != null && kind.startsWith("repeated");
        int repeats = integer(node, "repeats", "validation.repeats", repeated ? 3 : 1);
        if (repeats < 1 || repeats > MAX_REPEATS || (!repeated && repeats != 1)) {
            throw ProblemException.badRequest("validation.repeats", repeated ? "repeats must be from 1 to "
                + MAX_REPEATS + "; got " + repeats + "." : "repeats applies to the repeated kinds only (repeated-kfold, "
                + "repeated-stratified-kfold).");
        }
        double holdout = present(node, "holdoutFraction")
            ? fraction(node, "holdoutFraction", "validation.holdoutFraction") : DEFAULT_HOLDOUT;
        return new Validation(kind, folds, repeats, holdout);
    }

    private Search search(JsonNode node, ModelTrainer trainer, String task) {
        if (node == null || node.isNull()) {
            return null;
        }
        object(node, "search", Set.of("strategy", "space", "trials", "metric"));
        String strategy = orDefault(token(node, "strategy", "search.strategy",
            List.of("grid", "random", "successive-halving")), "random");
        int trials = integer(node, "trials", "search.trials", DEFAULT_TRIALS);
        if (trials < 1 || trials > MAX_TRIALS) {
            throw ProblemException.badRequest("search.trials", "trials must be from 1 to " + MAX_TRIALS + "; got "
                + trials + ".");
        }
        String metric = text(node, "metric", "search.metric");
        if (metric != null) {
            Map<String, Boolean> allowed = "regression".equals(task) ? REGRESSION_METRICS
                : task == null ? merged() : CLASSIFICATION_METRICS;
            if (!allowed.containsKey(metric)) {
                throw ProblemException.badRequest("search.metric", "Unknown metric '" + metric + "'"
                    + (task == null ? "" : " for task " + task) + "; one of "
                    + new java.util.TreeSet<>(allowed.keySet()) + ".");
            }
        }
        JsonNode spaceNode = node.get("space");
        if (spaceNode == null || !spaceNode.isObject() || spaceNode.isEmpty()) {
            throw ProblemException.badRequest("search.space", "search.space must declare at least one "
                + "hyperparameter: {name: [values]} or {name: {min, max, log, integer}}.");
        }
        Map<String, Space> space = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = spaceNode.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String path = "search.space." + entry.getKey();
            HyperparameterDef def = definition(trainer, entry.getKey(), path);
            space.put(entry.getKey(), space(entry.getValue(), def, path, strategy));
        }
        return new Search(strategy, space, trials, metric);
    }

    private static Map<String, Boolean> merged() {
        Map<String, Boolean> all = new LinkedHashMap<>(CLASSIFICATION_METRICS);
        all.putAll(REGRESSION_METRICS);
        return all;
    }

    private static Space space(JsonNode node, HyperparameterDef def, String path, String strategy) {
        if (node.isArray()) {
            if (node.isEmpty()) {
                throw ProblemException.badRequest(path, path + " must list at least one value.");
            }
            List<String> values = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isValueNode() || node.get(i).isNull()) {
                    throw ProblemException.badRequest(path + "[" + i + "]", "search values must be single values.");
                }
                values.add(check(def, node.get(i).asText().trim(), path + "[" + i + "]"));
            }
            return new Space(List.copyOf(values), null, null, false, false);
        }
        if (!node.isObject()) {
            throw ProblemException.badRequest(path, path + " must be a list of values or {min, max, log, integer}.");
        }
        object(node, path, Set.of("min", "max", "log", "integer"));
        if (def.type() == HyperparameterDef.Type.CHOICE) {
            throw ProblemException.badRequest(path, def.name() + " is a choice of " + def.choices()
                + "; list the values instead of a range.");
        }
        if ("grid".equals(strategy)) {
            throw ProblemException.badRequest(path, "grid search needs a list of values for " + def.name() + ".");
        }
        if (!present(node, "min") || !present(node, "max")) {
            throw ProblemException.badRequest(path, "a range needs min and max.");
        }
        double min = number(node, "min", path + ".min", 0);
        double max = number(node, "max", path + ".max", 0);
        check(def, def.type() == HyperparameterDef.Type.INT ? Long.toString((long) Math.ceil(min)) : plain(min),
            path + ".min");
        check(def, def.type() == HyperparameterDef.Type.INT ? Long.toString((long) Math.floor(max)) : plain(max),
            path + ".max");
        if (!(min < max)) {
            throw ProblemException.badRequest(path, "min must be below max; got [" + min + ", " + max + "].");
        }
        boolean log = bool(node, "log", path + ".log");
        if (log && min <= 0) {
            throw ProblemException.badRequest(path + ".min", "a log range needs min > 0; got " + min + ".");
        }
        boolean integer = bool(node, "integer", path + ".integer") || def.type() == HyperparameterDef.Type.INT;
        return new Space(null, min, max, log, integer);
    }

    private static Imbalance imbalance(JsonNode node, String task) {
        if (node == null || node.isNull()) {
            return null;
        }
        object(node, "imbalance", Set.of("strategy", "ratio"));
        if ("regression".equals(task)) {
            throw ProblemException.badRequest("imbalance", "imbalance applies to classification; the task is "
                + "regression.");
        }
        String strategy = token(node, "strategy", "imbalance.strategy",
            List.of("class-weights", "undersample", "oversample"));
        if (strategy == null) {
            throw ProblemException.badRequest("imbalance.strategy", "imbalance.strategy is required: "
                + "class-weights, undersample or oversample.");
        }
        double ratio = number(node, "ratio", "imbalance.ratio", 1.0);
        if (!(ratio > 0 && ratio <= 1)) {
            throw ProblemException.badRequest("imbalance.ratio", "ratio (minority:majority) must be in (0, 1]; got "
                + ratio + ".");
        }
        return new Imbalance(strategy, ratio);
    }

    private static Threshold threshold(JsonNode node, String task) {
        if (node == null || node.isNull()) {
            return null;
        }
        object(node, "threshold", Set.of("objective", "target"));
        if (task != null && !"binary".equals(task)) {
            throw ProblemException.badRequest("threshold", "threshold tuning applies to a binary task; the task is "
                + task + ".");
        }
        String objective = token(node, "objective", "threshold.objective",
            List.of("max-f1", "target-recall", "target-precision"));
        if (objective == null) {
            throw ProblemException.badRequest("threshold.objective", "threshold.objective is required: max-f1, "
                + "target-recall or target-precision.");
        }
        double target = number(node, "target", "threshold.target", 0);
        if (!"max-f1".equals(objective) && !(target > 0 && target <= 1)) {
            throw ProblemException.badRequest("threshold.target", objective + " needs a target in (0, 1]; got "
                + target + ".");
        }
        return new Threshold(objective, "max-f1".equals(objective) ? 0 : target);
    }

    private static long seed(JsonNode node) {
        if (node == null || node.isNull()) {
            return 0;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.asLong();
        }
        if (node.isTextual()) {
            try {
                return Long.parseLong(node.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        throw ProblemException.badRequest("seed", "seed must be a whole number; got " + node + ".");
    }

    // ---- JSON helpers --------------------------------------------------------------------------

    private static boolean present(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    private static void object(JsonNode node, String path, Set<String> fields) {
        if (!node.isObject()) {
            throw ProblemException.badRequest(path, path + " must be an object.");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw ProblemException.badRequest(path + "." + name, "Unknown field '" + name + "' in " + path
                    + "; it takes " + String.join(", ", new java.util.TreeSet<>(fields)) + ".");
            }
        }
    }

    private static String text(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.badRequest(path, path + " must be a string.");
        }
        String text = value.asText().trim();
        return text.isEmpty() ? null : text;
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field, field);
        if (value == null) {
            throw ProblemException.badRequest(field, field + " is required.");
        }
        return value;
    }

    private static String name(JsonNode node, String field) {
        String value = text(node, field, field);
        if (value != null && !NAME.matcher(value).matches()) {
            throw ProblemException.badRequest(field, field + " must be 1-128 letters, digits, '.', '_' or '-', "
                + "starting with a letter or digit; got '" + value + "'.");
        }
        return value;
    }

    private static String token(JsonNode node, String field, String path, List<String> allowed) {
        String value = text(node, field, path);
        if (value == null) {
            return null;
        }
        String normalised = value.toLowerCase(Locale.ROOT).replace('_', '-');
        if (!allowed.contains(normalised)) {
            throw ProblemException.badRequest(path, "Unknown " + path + " '" + value + "'; one of "
                + String.join(", ", allowed) + ".");
        }
        return normalised;
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static boolean bool(JsonNode node, String field, String path) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ProblemException.badRequest(path, path + " must be true or false.");
        }
        return value.asBoolean();
    }

    private static double number(JsonNode node, String field, String path, double fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            throw ProblemException.badRequest(path, path + " must be a number; got " + value + ".");
        }
        return value.asDouble();
    }

    private static int integer(JsonNode node, String field, String path, int fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw ProblemException.badRequest(path, path + " must be a whole number; got " + value + ".");
        }
        return value.asInt();
    }

    private static double fraction(JsonNode node, String field, String path) {
        double value = number(node, field, path, DEFAULT_HOLDOUT);
        if (value == 0) {
            return DEFAULT_HOLDOUT;
        }
        if (!(value > 0 && value < 1)) {
            throw ProblemException.badRequest(path, path + " must be between 0 and 1 (exclusive); got " + value
                + ".");
        }
        return value;
    }
}
