package io.meridian.training.service;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.registry.v1.ModelVersion;
import io.meridian.training.client.RegistryClient;
import io.meridian.training.engine.EngineResult;
import io.meridian.training.engine.TrainingRequest;
import io.meridian.training.model.Job;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobState;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Runs one job from start to end: read the data, train and validate, export and verify (the engine), register.
 * Every step is written to the job (progress and message); a data or training problem ends the job FAILED with a
 * human reason; a cancellation ({@link #requestCancel}) stops it at its next step, CANCELLED.
 */
@ApplicationScoped
public class JobRunner {
    private static final Logger LOG = Logger.getLogger(JobRunner.class);
    /** Progress share of reading and preparing the data; the engine has the range up to REGISTERING. */
    private static final double PREPARED = 0.10;
    private static final double REGISTERING = 0.95;

    private final JobStore store;
    private final DataLoader loader;
    private final ModelEngine engine;
    private final RegistryClient registry;
    private final TrainingMetrics metrics;
    private final ObjectMapper json;
    private final Set<String> cancelRequested = ConcurrentHashMap.newKeySet();

    public JobRunner(JobStore store, DataLoader loader, ModelEngine engine, RegistryClient registry,
                     TrainingMetrics metrics, ObjectMapper json) {
        this.store = store;
        this.loader = loader;
        this.engine = engine;
        this.registry = registry;
        this.metrics = metrics;
        this.json = json;
    }

    /** Asks a running job to stop at its next step. */
    public void requestCancel(String jobId) {
        cancelRequested.add(jobId);
    }

    public void run(String jobId) {
        long started = System.nanoTime();
        Job start = store.update(jobId, job -> job.state() == JobState.QUEUED
            ? job.progressing(0.01, "starting", JobStore.now()) : job);
        if (start.state() != JobState.RUNNING) {
            LOG.infof("training job %s not started: it is %s", jobId, start.state());
            cancelRequested.remove(jobId);
            return;
        }
        JobSpec spec = start.spec();
        String outcome = TrainingMetrics.FAILED;
        try {
            step(jobId, 0.02, "reading " + (spec.dataset() != null ? "dataset '" + spec.dataset()
                + "' from ingest-service" : "training set '" + spec.trainingSet() + "' from feature-service"));
            DataLoader.Source source = loader.read(spec);
            step(jobId, 0.06, "read " + source.rows().size() + " rows; preparing features");
            TrainingData data = loader.prepare(spec, source);
            TrainingRequest request = SpecMapping.toRequest(spec, data.task(), engine.trainers());
            step(jobId, PREPARED, String.format(Locale.ROOT, "training %s (%s) on %d rows x %d features",
                spec.algorithm(), data.task().name().toLowerCase(Locale.ROOT), data.frame().rows(),
                data.features().size()));
            EngineResult result = engine.run(request, data.frame(), data.target(), (fraction, message) ->
                step(jobId, PREPARED + (REGISTERING - PREPARED) * Math.max(0, Math.min(1, fraction)), message));

            step(jobId, REGISTERING, "registering model '" + spec.modelName() + "' in model-registry");
            ModelVersion version = registry.createModelVersion(ModelRegistration.metadata(jobId, spec, result, data,
                codeVersion(), json), result.onnx());
            JobResult report = JobResults.from(result, data, engine.parityTolerance());
            store.update(jobId, job -> job.succeeded(JobResults.finite(result.metrics()), data.ignored(), report,
                version.getModelName(), version.getVersion(), JobStore.now()));
            outcome = TrainingMetrics.SUCCEEDED;
            LOG.infof("training job %s succeeded: model %s version %d (%s, %s), metrics=%s, parity=%.3g", jobId,
                version.getModelName(), version.getVersion(), spec.algorithm(), report.task(), result.metrics(),
                result.parityMaxAbsDiff());
        } catch (CancellationException e) {
            outcome = TrainingMetrics.CANCELLED;
            LOG.infof("training job %s cancelled", jobId);
            store.update(jobId, job -> job.state().isFinal() ? job
                : job.cancelled("cancelled on request while " + job.message(), JobStore.now()));
        } catch (JobFailure e) {
            fail(jobId, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "training job %s failed unexpectedly", jobId);
            fail(jobId, "Unexpected error while training: " + e);
        } finally {
            cancelRequested.remove(jobId);
            metrics.finished(spec.algorithm(), outcome, Duration.ofNanos(System.nanoTime() - started));
        }
    }

    /** Records a step; throws {@link CancellationException} when the job was asked to stop. */
    private void step(String jobId, double progress, String message) {
        if (cancelRequested.contains(jobId)) {
            throw new CancellationException("training job " + jobId + " cancelled");
        }
        store.update(jobId, job -> job.state() == JobState.RUNNING ? job.progressing(progress, message,
            JobStore.now()) : job);
        LOG.debugf("training job %s: %.0f%% %s", jobId, progress * 100, message);
    }

    private void fail(String jobId, String reason) {
        LOG.warnf("training job %s failed: %s", jobId, reason);
        store.update(jobId, job -> job.state().isFinal() ? job : job.failed(reason, JobStore.now()));
    }

    /**
     * The code version written to every registered model: {@code training-service <version>}, the Maven project
     * version Quarkus records at build time as {@code quarkus.application.version}.
     */
    static String codeVersion() {
        return "training-service " + ConfigProvider.getConfig()
            .getOptionalValue("quarkus.application.version", String.class).orElse("unknown");
    }
}
