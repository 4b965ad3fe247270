package io.meridian.training.service;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

import org.jboss.logging.Logger;

import io.meridian.data.v1.Record;
import io.meridian.registry.v1.ModelInput;
import io.meridian.registry.v1.ModelVersion;
import io.meridian.registry.v1.ModelVersionMetadata;
import io.meridian.training.client.FeatureClient;
import io.meridian.training.client.RegistryClient;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.ml.FeatureTable;
import io.meridian.training.ml.LogisticRegressionPipeline;
import io.meridian.training.ml.OnnxExport;
import io.meridian.training.ml.TrainingFailure;
import io.meridian.training.ml.TrainingParameters;
import io.meridian.training.ml.TrainingResult;
import io.meridian.training.model.JobSpec;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one job from start to end: read the training set, train and verify, register; every step is written to
 * the job (progress and message), and any failure ends the job FAILED with a human reason.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);

    private final JobStore store;
    private final FeatureClient features;
    private final RegistryClient registry;
    private final OnnxRuntime onnx;
    private final TrainingMetrics metrics;
    private final TrainingConfig config;

    public JobRunner(JobStore store, FeatureClient features, RegistryClient registry, OnnxRuntime onnx,
                     TrainingMetrics metrics, TrainingConfig config) {
        this.store = store;
        this.features = features;
        this.registry = registry;
        this.onnx = onnx;
        this.metrics = metrics;
        this.config = config;
    }

    public void run(String jobId) {
        long started = System.nanoTime();
        JobSpec spec = store.get(jobId).spec();
        String outcome = TrainingMetrics.FAILED;
        try {
            step(jobId, 0.05, "reading training set '" + spec.dataset() + "' from feature-service");
            List<Record> rows = features.readTrainingSet(spec.dataset());
            step(jobId, 0.25, "read " + rows.size() + " rows; preparing features");
            FeatureTable table = FeatureTable.from(spec.dataset(), rows, spec.label(), config.minRows());
            TrainingParameters parameters = new TrainingParameters(spec.seed(), spec.holdoutFraction(),
                spec.epochs(), spec.learningRate(), spec.l2(), config.minRows(), config.parityTolerance());
            TrainingResult result = new LogisticRegressionPipeline(onnx.scorer())
                .run(table, parameters, (progress, message) -> step(jobId, progress, message));

            step(jobId, 0.9, "registering model '" + spec.modelName() + "' in model-registry");
            ModelVersion version = registry.createModelVersion(metadata(jobId, spec, result, rows.size()),
                result.onnx());
            store.update(jobId, job -> job.succeeded(result.metrics(), result.ignoredFeatures(),
                version.getModelName(), version.getVersion(), JobStore.now()));
            outcome = TrainingMetrics.SUCCEEDED;
            LOG.infof("training job %s succeeded: model %s version %d, roc_auc=%s, parity=%.3g", jobId,
                version.getModelName(), version.getVersion(), result.metrics().get("roc_auc"),
                result.parityMaxAbsDiff());
        } catch (TrainingFailure e) {
            fail(jobId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "training job %s failed unexpectedly", jobId);
            fail(jobId, "Unexpected error while training: " + e);
        } finally {
            metrics.finished(spec.algorithm(), outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private void step(String jobId, double progress, String message) {
        store.update(jobId, job -> job.progressing(progress, message, JobStore.now()));
        LOG.debugf("training job %s: %s", jobId, message);
    }

    private void fail(String jobId, String reason) {
        LOG.warnf("training job %s failed: %s", jobId, reason);
        store.update(jobId, job -> job.failed(reason, JobStore.now()));
    }

    static ModelVersionMetadata metadata(String jobId, JobSpec spec, TrainingResult result, int rowsRead) {
        ModelVersionMetadata.Builder metadata = ModelVersionMetadata.newBuilder()
            .setModelName(spec.modelName())
            .setFormat("onnx")
            .addOutputs(OnnxExport.PROBABILITIES)
            .putAllMetrics(result.metrics())
            .setSourceJobId(jobId)
            .setDescription("logistic regression on dataset " + spec.dataset() + " predicting " + spec.label())
            .setExpectedSha256(sha256(result.onnx()));
        for (String input : result.inputs()) {
            metadata.addInputs(ModelInput.newBuilder().setName(input).setType("float"));
        }
        metadata.putTags("algorithm", spec.algorithm())
            .putTags("task", "binary-classification")
            .putTags("dataset", spec.dataset())
            .putTags("label", spec.label())
            .putTags("seed", Long.toString(spec.seed()))
            .putTags("positive_class", result.positiveClass())
            .putTags("negative_class", result.negativeClass())
            .putTags("class_order", result.negativeClass() + "," + result.positiveClass())
            .putTags("input_name", OnnxExport.INPUT)
            .putTags("output_probabilities", OnnxExport.PROBABILITIES)
            .putTags("ignored_features", String.join(",", result.ignoredFeatures()))
            .putTags("training_rows", Integer.toString(result.split().train().length));
        metadata.putTags("rows_read", Integer.toString(rowsRead));
        return metadata.build();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
