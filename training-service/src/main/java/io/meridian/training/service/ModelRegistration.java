package io.meridian.training.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.registry.v1.ModelInput;
import io.meridian.registry.v1.ModelVersionMetadata;
import io.meridian.training.engine.EngineResult;
import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.onnx.PipelineExporter;
import io.meridian.training.engine.prep.FittedPreprocessor;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobSpec;

/**
 * The registry metadata of a trained model: named inputs (float or string, categorical levels, unseen policy,
 * optional numerics), outputs ({@code label} + {@code probabilities}, or {@code value}), metrics (mean,
 * {@code <name>_std}, {@code baseline_<name>}) and tags (task, class_order, positive_class, negative_class,
 * threshold, hyperparameters, seed, data lineage, code version, Tribuo provenance, reference profile).
 */
public final class ModelRegistration {
    private ModelRegistration() {
    }

    public static ModelVersionMetadata metadata(String jobId, JobSpec spec, EngineResult result, TrainingData data,
                                                String codeVersion, ObjectMapper json) {
        ModelVersionMetadata.Builder metadata = ModelVersionMetadata.newBuilder()
            .setModelName(spec.modelName())
            .setFormat("onnx")
            .setSourceJobId(jobId)
            .setDescription(result.model().algorithm() + " (" + task(result.task()) + ") on "
                + data.lineage().dataset() + " predicting " + spec.label())
            .setExpectedSha256(sha256(result.onnx()));
        FittedPreprocessor prep = result.preprocessor();
        for (FeatureColumn input : prep.inputs()) {
            ModelInput.Builder in = ModelInput.newBuilder().setName(input.name());
            if (input.kind() == FeatureKind.NUMERIC) {
                // the graph fills a missing (NaN) value with the fitted imputation
                in.setType("float").setOptional(true);
            } else {
                // a missing category is all zeros (or the fitted fill) in the graph, never an unseen one
                in.setType("string").setOptional(true);
                prep.categorical().stream().filter(c -> c.feature().equals(input.name())).findFirst().ifPresent(c -> {
                    List<String> levels = c.knownLevels() != null && !c.knownLevels().isEmpty() ? c.knownLevels()
                        : c.levels();
                    in.addAllLevels(levels).setRejectUnseen(c.unseen() == UnseenPolicy.ERROR);
                });
            }
            metadata.addInputs(in);
        }
        if (result.task().isClassification()) {
            metadata.addOutputs(PipelineExporter.LABEL).addOutputs(PipelineExporter.PROBABILITIES);
        } else {
            metadata.addOutputs(PipelineExporter.VALUE);
        }
        metadata.putAllMetrics(metrics(result));

        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("task", task(result.task()));
        tags.put("algorithm", spec.algorithm());
        tags.put("label", spec.label());
        if (result.task().isClassification()) {
            tags.put("class_order", String.join(",", result.classes()));
        }
        if (result.task() == Task.BINARY) {
            tags.put("positive_class", result.positiveClass());
            tags.put("negative_class", result.classes().stream().filter(c -> !c.equals(result.positiveClass()))
                .findFirst().orElse(""));
            tags.put("threshold", Double.toString(result.threshold()));
        }
        tags.put("hyperparameters", write(json, result.hyperparameters()));
        tags.put("seed", Long.toString(spec.seed()));
        tags.put("validation", SpecMapping.validationKind(spec, result.task())
            + ("holdout".equals(SpecMapping.validationKind(spec, result.task())) ? ""
            : ":" + spec.validation().folds() + (spec.validation().repeats() > 1 ? "x" + spec.validation().repeats()
            : "")));
        JobResult.Lineage lineage = data.lineage();
        // the dataset's name in either source (feature-service keys its training sets by the ingest dataset name)
        tags.put("dataset", lineage.dataset());
        if (spec.trainingSet() != null) {
            tags.put("training_set", lineage.dataset());
        }
        tags.put("data_source", lineage.source());
        if (lineage.contractVersion() > 0) {
            tags.put("contract_version", Integer.toString(lineage.contractVersion()));
        }
        tags.put("ingestion_run_ids", String.join(",", lineage.ingestionRunIds()));
        tags.put("row_count", Long.toString(lineage.rows()));
        tags.put("rows_read", Long.toString(lineage.rowsRead()));
        tags.put("content_sha256", lineage.contentSha256());
        tags.put("ignored_features", String.join(",", data.ignored()));
        tags.put("code_version", codeVersion);
        tags.put("tribuo_provenance", result.model().provenanceJson());
        tags.put("reference_profile", write(json, profile(result.referenceProfile())));
        metadata.putAllTags(tags);
        return metadata.build();
    }

    /** Mean metrics, {@code <name>_std}, {@code baseline_<name>} and the parity difference; finite values only. */
    public static Map<String, Double> metrics(EngineResult result) {
        Map<String, Double> metrics = new LinkedHashMap<>(JobResults.finite(result.metrics()));
        JobResults.finite(result.metricsStd()).forEach((k, v) -> metrics.put(k + "_std", v));
        JobResults.finite(result.baseline()).forEach((k, v) -> metrics.put("baseline_" + k, v));
        if (Double.isFinite(result.parityMaxAbsDiff())) {
            metrics.put("onnx_parity_max_abs_diff", result.parityMaxAbsDiff());
        }
        return metrics;
    }

    static String task(Task task) {
        return task.name().toLowerCase(Locale.ROOT);
    }

    /** The reference profile as plain JSON-able maps (non-finite numbers as null). */
    static Map<String, Object> profile(Map<String, EngineResult.FeatureProfile> profile) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (profile == null) {
            return out;
        }
        profile.forEach((feature, p) -> {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("kind", p.kind().name().toLowerCase(Locale.ROOT));
            f.put("count", p.count());
            f.put("missing", p.missing());
            if (p.kind() == FeatureKind.NUMERIC) {
                f.put("mean", JobResults.finite(p.mean()));
                f.put("std", JobResults.finite(p.std()));
                f.put("quantiles", JobResults.finite(p.quantiles()));
                f.put("histogramEdges", JobResults.finite(p.histogramEdges()));
                f.put("histogramCounts", p.histogramCounts());
            } else {
                f.put("categoryFrequencies", p.categoryFrequencies());
            }
            out.put(feature, f);
        });
        return out;
    }

    private static String write(ObjectMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write registry tag as JSON", e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
