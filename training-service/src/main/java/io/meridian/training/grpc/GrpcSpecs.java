package io.meridian.training.grpc;

import java.time.Instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.Timestamp;

import io.meridian.training.model.Job;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobSpec;
import io.meridian.training.v1.FeatureSpec;
import io.meridian.training.v1.FoldMetrics;
import io.meridian.training.v1.Imbalance;
import io.meridian.training.v1.Importance;
import io.meridian.training.v1.JobState;
import io.meridian.training.v1.OneHot;
import io.meridian.training.v1.ParamSpace;
import io.meridian.training.v1.Pca;
import io.meridian.training.v1.Preprocessing;
import io.meridian.training.v1.Search;
import io.meridian.training.v1.Selection;
import io.meridian.training.v1.Threshold;
import io.meridian.training.v1.Trial;
import io.meridian.training.v1.Validation;

/**
 * Maps between the gRPC messages and the REST shapes: a gRPC {@code JobSpec} becomes the same JSON body the REST
 * API takes (so one validator names the same fields), and a stored job becomes a gRPC {@code Job}. Proto3 zero
 * values mean "not given"; a non-zero {@code holdout_fraction} is the v1 form, as a top-level
 * {@code holdoutFraction} is over REST.
 */
final class GrpcSpecs {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private GrpcSpecs() {
    }

    static ObjectNode toJson(io.meridian.training.v1.JobSpec spec) {
        ObjectNode body = JSON.objectNode();
        text(body, "dataset", spec.getDataset());
        text(body, "trainingSet", spec.getTrainingSet());
        text(body, "label", spec.getLabel());
        text(body, "task", spec.getTask());
        text(body, "algorithm", spec.getAlgorithm());
        text(body, "modelName", spec.getModelName());
        text(body, "positiveClass", spec.getPositiveClass());
        if (spec.getSeed() != 0) {
            body.put("seed", spec.getSeed());
        }
        if (spec.getHoldoutFraction() != 0) {
            body.put("holdoutFraction", spec.getHoldoutFraction());
        }
        if (spec.getHyperparametersCount() > 0) {
            ObjectNode hyperparameters = body.putObject("hyperparameters");
            spec.getHyperparametersMap().forEach(hyperparameters::put);
        }
        if (spec.getFeaturesCount() > 0) {
            ArrayNode features = body.putArray("features");
            for (FeatureSpec feature : spec.getFeaturesList()) {
                ObjectNode f = features.addObject();
                text(f, "name", feature.getName());
                text(f, "kind", feature.getKind());
            }
        }
        if (spec.hasPreprocessing()) {
            Preprocessing p = spec.getPreprocessing();
            ObjectNode node = body.putObject("preprocessing");
            text(node, "imputation", p.getImputation());
            if (p.getFillValue() != 0) {
                node.put("fillValue", p.getFillValue());
            }
            if (p.getMissingIndicators()) {
                node.put("missingIndicators", true);
            }
            text(node, "categoricalImputation", p.getCategoricalImputation());
            text(node, "categoricalFill", p.getCategoricalFill());
            if (p.hasOneHot()) {
                ObjectNode oneHot = node.putObject("oneHot");
                text(oneHot, "unseen", p.getOneHot().getUnseen());
                positive(oneHot, "maxLevels", p.getOneHot().getMaxLevels());
            }
            text(node, "scaling", p.getScaling());
            if (p.hasPca()) {
                ObjectNode pca = node.putObject("pca");
                positive(pca, "components", p.getPca().getComponents());
                if (p.getPca().getVarianceTarget() != 0) {
                    pca.put("varianceTarget", p.getPca().getVarianceTarget());
                }
            }
            if (p.hasSelection()) {
                ObjectNode selection = node.putObject("selection");
                if (p.getSelection().hasVarianceThreshold()) {
                    selection.put("varianceThreshold", p.getSelection().getVarianceThreshold());
                }
                if (p.getSelection().getCorrelationThreshold() != 0) {
                    selection.put("correlationThreshold", p.getSelection().getCorrelationThreshold());
                }
                positive(selection, "recursiveElimination", p.getSelection().getRecursiveElimination());
            }
        }
        if (spec.hasValidation()) {
            Validation v = spec.getValidation();
            ObjectNode node = body.putObject("validation");
            text(node, "kind", v.getKind());
            positive(node, "folds", v.getFolds());
            positive(node, "repeats", v.getRepeats());
            if (v.getHoldoutFraction() != 0) {
                node.put("holdoutFraction", v.getHoldoutFraction());
            }
        }
        if (spec.hasSearch()) {
            Search s = spec.getSearch();
            ObjectNode node = body.putObject("search");
            text(node, "strategy", s.getStrategy());
            ObjectNode space = node.putObject("space");
            s.getSpaceMap().forEach((name, range) -> {
                if (range.getValuesCount() > 0) {
                    ArrayNode values = space.putArray(name);
                    range.getValuesList().forEach(values::add);
                } else {
                    ObjectNode r = space.putObject(name);
                    if (range.hasMin()) {
                        r.put("min", range.getMin());
                    }
                    if (range.hasMax()) {
                        r.put("max", range.getMax());
                    }
                    r.put("log", range.getLog());
                    r.put("integer", range.getInteger());
                }
            });
            positive(node, "trials", s.getTrials());
            text(node, "metric", s.getMetric());
        }
        if (spec.hasImbalance()) {
            ObjectNode node = body.putObject("imbalance");
            text(node, "strategy", spec.getImbalance().getStrategy());
            if (spec.getImbalance().getRatio() != 0) {
                node.put("ratio", spec.getImbalance().getRatio());
            }
        }
        if (spec.hasThreshold()) {
            ObjectNode node = body.putObject("threshold");
            text(node, "objective", spec.getThreshold().getObjective());
            if (spec.getThreshold().getTarget() != 0) {
                node.put("target", spec.getThreshold().getTarget());
            }
        }
        if (spec.getPermutationImportance()) {
            body.put("permutationImportance", true);
        }
        return body;
    }

    static io.meridian.training.v1.JobSpec toProto(JobSpec spec) {
        io.meridian.training.v1.JobSpec.Builder out = io.meridian.training.v1.JobSpec.newBuilder()
            .setLabel(spec.label())
            .setAlgorithm(spec.algorithm())
            .setModelName(spec.modelName())
            .setSeed(spec.seed())
            .putAllHyperparameters(spec.hyperparameters())
            .setPermutationImportance(spec.permutationImportance());
        if (spec.dataset() != null) {
            out.setDataset(spec.dataset());
        }
        if (spec.trainingSet() != null) {
            out.setTrainingSet(spec.trainingSet());
        }
        if (spec.task() != null) {
            out.setTask(spec.task());
        }
        if (spec.positiveClass() != null) {
            out.setPositiveClass(spec.positiveClass());
        }
        if (spec.features() != null) {
            spec.features().forEach(f -> out.addFeatures(FeatureSpec.newBuilder().setName(f.name())
                .setKind(f.kind())));
        }
        JobSpec.Preprocessing p = spec.preprocessing();
        Preprocessing.Builder prep = Preprocessing.newBuilder().setImputation(p.imputation())
            .setFillValue(p.fillValue()).setMissingIndicators(p.missingIndicators())
            .setCategoricalImputation(p.categoricalImputation()).setCategoricalFill(p.categoricalFill())
            .setOneHot(OneHot.newBuilder().setUnseen(p.oneHot().unseen()).setMaxLevels(p.oneHot().maxLevels()))
            .setScaling(p.scaling());
        if (p.pca() != null) {
            prep.setPca(Pca.newBuilder().setComponents(p.pca().components())
                .setVarianceTarget(p.pca().varianceTarget()));
        }
        if (p.selection() != null) {
            Selection.Builder selection = Selection.newBuilder()
                .setCorrelationThreshold(p.selection().correlationThreshold())
                .setRecursiveElimination(p.selection().recursiveElimination());
            if (p.selection().varianceThreshold() != null) {
                selection.setVarianceThreshold(p.selection().varianceThreshold());
            }
            prep.setSelection(selection);
        }
        out.setPreprocessing(prep);
        JobSpec.Validation v = spec.validation();
        Validation.Builder validation = Validation.newBuilder().setFolds(v.folds()).setRepeats(v.repeats())
            .setHoldoutFraction(v.holdoutFraction());
        if (v.kind() != null) {
            validation.setKind(v.kind());
        }
        out.setValidation(validation);
        if ("holdout".equals(v.kind())) {
            out.setHoldoutFraction(v.holdoutFraction());
        }
        if (spec.search() != null) {
            Search.Builder search = Search.newBuilder().setStrategy(spec.search().strategy())
                .setTrials(spec.search().trials());
            if (spec.search().metric() != null) {
                search.setMetric(spec.search().metric());
            }
            spec.search().space().forEach((name, s) -> {
                ParamSpace.Builder range = ParamSpace.newBuilder().setLog(s.log()).setInteger(s.integer());
                if (s.values() != null) {
                    range.addAllValues(s.values());
                }
                if (s.min() != null) {
                    range.setMin(s.min());
                }
                if (s.max() != null) {
                    range.setMax(s.max());
                }
                search.putSpace(name, range.build());
            });
            out.setSearch(search);
        }
        if (spec.imbalance() != null) {
            out.setImbalance(Imbalance.newBuilder().setStrategy(spec.imbalance().strategy())
                .setRatio(spec.imbalance().ratio()));
        }
        if (spec.threshold() != null) {
            out.setThreshold(Threshold.newBuilder().setObjective(spec.threshold().objective())
                .setTarget(spec.threshold().target()));
        }
        return out.build();
    }

    static io.meridian.training.v1.Job toProto(Job job, ObjectMapper json) {
        io.meridian.training.v1.Job.Builder out = io.meridian.training.v1.Job.newBuilder()
            .setId(job.id())
            .setSpec(toProto(job.spec()))
            .setState(JobState.valueOf("JOB_STATE_" + job.state().name()))
            .setProgress(job.progress())
            .putAllMetrics(job.metrics())
            .addAllIgnoredFeatures(job.ignoredFeatures())
            .setCreatedAt(timestamp(job.createdAt()))
            .setUpdatedAt(timestamp(job.updatedAt()));
        if (job.message() != null) {
            out.setMessage(job.message());
        }
        if (job.failureReason() != null) {
            out.setFailureReason(job.failureReason());
        }
        if (job.modelName() != null) {
            out.setModelName(job.modelName());
        }
        if (job.modelVersion() != null) {
            out.setModelVersion(job.modelVersion());
        }
        JobResult r = job.result();
        if (r != null) {
            out.setTask(r.task()).addAllClasses(r.classes()).putAllMetricsStd(r.metricsStd())
                .putAllBaseline(r.baseline()).putAllDroppedColumns(r.droppedColumns());
            if (r.positiveClass() != null) {
                out.setPositiveClass(r.positiveClass());
            }
            if (r.threshold() != null) {
                out.setThreshold(r.threshold());
            }
            for (JobResult.Fold fold : r.folds()) {
                out.addFolds(FoldMetrics.newBuilder().setRepeat(fold.repeat()).setFold(fold.fold())
                    .setTrainRows(fold.trainRows()).setValidationRows(fold.validationRows())
                    .putAllMetrics(fold.metrics()));
            }
            r.importance().forEach(i -> out.addImportance(importance(i)));
            r.permutationImportance().forEach(i -> out.addPermutationImportance(importance(i)));
            for (JobResult.Trial trial : r.trials()) {
                Trial.Builder t = Trial.newBuilder().setNumber(trial.number()).putAllHyperparameters(
                    trial.hyperparameters()).putAllMetrics(trial.metrics()).setRows(trial.rows())
                    .setStatus(trial.status() == null ? "" : trial.status());
                if (trial.score() != null) {
                    t.setScore(trial.score());
                }
                out.addTrials(t);
            }
            try {
                out.setResultJson(json.writeValueAsString(r));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot write job result as JSON", e);
            }
        }
        return out.build();
    }

    private static Importance importance(JobResult.Importance i) {
        Importance.Builder out = Importance.newBuilder().setFeature(i.feature()).setKind(i.kind());
        if (i.importance() != null) {
            out.setImportance(i.importance());
        }
        if (i.signed() != null) {
            out.setSigned(i.signed());
        }
        return out.build();
    }

    private static void text(ObjectNode node, String field, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(field, value);
        }
    }

    private static void positive(ObjectNode node, String field, int value) {
        if (value != 0) {
            node.put(field, value);
        }
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
