package io.meridian.training.service;

import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;

import io.meridian.problem.ProblemException;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.engine.TrainingException;
import io.meridian.training.engine.data.Task;
import io.meridian.training.engine.model.ModelTrainers;
import io.meridian.training.model.Job;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobState;
import io.meridian.training.repository.JobRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Accepts jobs and runs them on a bounded pool of {@code meridian.training.workers} threads with a queue of
 * {@code meridian.training.queue-capacity}. At start-up, jobs a crash left QUEUED or RUNNING are marked FAILED.
 */
@ApplicationScoped
public class JobService {
    static final String INTERRUPTED_REASON =
        "training-service stopped before the job finished; submit the job again.";
    private static final Logger LOG = Logger.getLogger(JobService.class);

    private final JobStore store;
    private final JobRunner runner;
    private final JobRepository repository;
    private final ThreadPoolExecutor executor;
    private final ModelTrainers trainers;
    private final ModelEngine engine;
    private final JobSpecValidator validator;

    public JobService(JobStore store, JobRunner runner, JobRepository repository, ModelEngine engine,
                      TrainingConfig config) {
        this.store = store;
        this.runner = runner;
        this.repository = repository;
        this.engine = engine;
        this.trainers = engine.trainers();
        this.validator = new JobSpecValidator(trainers);
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(config.queueCapacity()), task -> {
                Thread thread = new Thread(task, "training-job-" + threads.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            });
    }

    void onStart(@Observes StartupEvent start) {
        recoverUnfinished();
    }

    /** Marks jobs a previous process left QUEUED or RUNNING as FAILED; returns how many. */
    int recoverUnfinished() {
        int failed = repository.failUnfinished(INTERRUPTED_REASON);
        if (failed > 0) {
            LOG.warnf("marked %d unfinished training jobs FAILED after a restart", failed);
        }
        return failed;
    }

    void stop(@Observes ShutdownEvent stop) {
        executor.shutdownNow();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("training jobs still running at shutdown; they will be marked FAILED at the next start");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Validates, stores (QUEUED) and queues a job; 400 problem for a bad spec, 503 when the queue is full. */
    public Job submit(JsonNode request) {
        JobSpec spec = validator.validate(request);
        checkWithEngine(spec);
        Job job = Job.queued(UUID.randomUUID().toString(), spec, JobStore.now());
        store.create(job);
        try {
            executor.execute(() -> runner.run(job.id()));
        } catch (RejectedExecutionException e) {
            store.update(job.id(), j -> j.failed("The training queue is full; submit the job again later.",
                JobStore.now()));
            throw ProblemException.unavailable("The training queue is full (" + executor.getQueue().size()
                + " jobs waiting); try again later.");
        }
        LOG.infof("training job %s queued: source=%s label=%s algorithm=%s model=%s", job.id(), spec.source(),
            spec.label(), spec.algorithm(), spec.modelName());
        return job;
    }

    /**
     * Runs the engine's data-free checks on the mapped request, so its field errors are 400s before a job exists.
     * When the task is left to inference, the spec is refused only if it fits none of the algorithm's tasks (the
     * job then fails with the task-specific reason once the label is read).
     */
    void checkWithEngine(JobSpec spec) {
        List<Task> tasks = spec.task() != null
            ? List.of(Task.valueOf(spec.task().toUpperCase(Locale.ROOT)))
            : trainers.find(spec.algorithm()).map(t -> List.copyOf(new TreeSet<>(t.tasks()))).orElse(List.of());
        RuntimeException first = null;
        for (Task task : tasks) {
            try {
                engine.checkRequest(SpecMapping.toRequest(spec, task, trainers));
                return;
            } catch (TrainingException | JobFailure e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first instanceof TrainingException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
        if (first != null) {
            throw ProblemException.badRequest(null, first.getMessage());
        }
    }

    public Job get(String id) {
        return store.get(id);
    }

    /** The newest jobs first, optionally in one state. */
    public List<Job> list(JobState state, int limit) {
        return repository.list(state, limit);
    }

    /**
     * Cancels a job: a QUEUED job becomes CANCELLED at once; a RUNNING job is asked to stop and becomes CANCELLED at
     * its next step (the returned job is still RUNNING). 409 problem for a job that already finished.
     */
    public Job cancel(String id) {
        java.util.concurrent.atomic.AtomicBoolean dequeued = new java.util.concurrent.atomic.AtomicBoolean();
        Job job = store.update(id, j -> {
            if (j.state() != JobState.QUEUED) {
                return j;
            }
            dequeued.set(true);
            return j.cancelled("cancelled on request before it started", JobStore.now());
        });
        if (dequeued.get()) {
            LOG.infof("training job %s cancelled while queued", id);
            return job;
        }
        if (job.state().isFinal()) {
            throw ProblemException.conflict("Training job '" + id + "' already finished (" + job.state()
                + "); only a queued or running job can be cancelled.");
        }
        runner.requestCancel(id);
        LOG.infof("training job %s: cancellation requested", id);
        return store.update(id, j -> j.state() == JobState.RUNNING
            ? j.progressing(j.progress(), "cancellation requested; stopping at the next step", JobStore.now()) : j);
    }

    /** The algorithms a job can use. */
    public ModelTrainers trainers() {
        return trainers;
    }

    public JobStore.Watch watch(String id, Consumer<Job> listener) {
        return store.watch(id, listener);
    }
}
