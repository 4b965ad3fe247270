package io.meridian.training.service;

import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import io.meridian.problem.ProblemException;
import io.meridian.training.config.TrainingConfig;
import io.meridian.training.model.Job;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobSpecRequest;
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

    public JobService(JobStore store, JobRunner runner, JobRepository repository, TrainingConfig config) {
        this.store = store;
        this.runner = runner;
        this.repository = repository;
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
    public Job submit(JobSpecRequest request) {
        JobSpec spec = JobSpecValidator.validate(request);
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
        LOG.infof("training job %s queued: dataset=%s label=%s algorithm=%s model=%s", job.id(), spec.dataset(),
            spec.label(), spec.algorithm(), spec.modelName());
        return job;
    }

    public Job get(String id) {
        return store.get(id);
    }

    public JobStore.Watch watch(String id, Consumer<Job> listener) {
        return store.watch(id, listener);
    }
}
