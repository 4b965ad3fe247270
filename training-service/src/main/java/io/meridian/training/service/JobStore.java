package io.meridian.training.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

import io.meridian.problem.ProblemException;
import io.meridian.training.messaging.JobEventPublisher;
import io.meridian.training.model.Job;
import io.meridian.training.repository.JobRepository;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The one place jobs change: every change is written to PostgreSQL, then handed to the job's watchers, in
 * order, and published on {@code meridian.training.jobs.v1}. Watchers of a job that reaches a final state are
 * dropped after its last change.
 */
@ApplicationScoped
public class JobStore {
    /** Stops watching a job. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final JobRepository repository;
    private final JobEventPublisher events;
    private final Object lock = new Object();
    private final Map<String, List<Consumer<Job>>> watchers = new HashMap<>();

    public JobStore(JobRepository repository, JobEventPublisher events) {
        this.repository = repository;
        this.events = events;
    }

    public void create(Job job) {
        repository.insert(job);
        events.publish(job);
    }

    /** The job; 404 problem when unknown. */
    public Job get(String id) {
        return repository.find(id).orElseThrow(() -> ProblemException.notFound("Training job '" + id
            + "' does not exist."));
    }

    /**
     * Applies {@code change} to the current job, stores it, notifies the watchers and publishes the event. A change
     * that returns the same instance changes nothing.
     */
    public Job update(String id, UnaryOperator<Job> change) {
        synchronized (lock) {
            Job current = get(id);
            Job updated = change.apply(current);
            if (updated == current) {
                return current;
            }
            repository.update(updated);
            events.publish(updated);
            List<Consumer<Job>> listeners = updated.state().isFinal() ? watchers.remove(id) : watchers.get(id);
            if (listeners != null) {
                for (Consumer<Job> listener : List.copyOf(listeners)) {
                    listener.accept(updated);
                }
            }
            return updated;
        }
    }

    /**
     * Calls {@code listener} with the current job and then with every change until the job is final. A job that
     * is final already gets exactly one call. 404 problem when unknown.
     */
    public Watch watch(String id, Consumer<Job> listener) {
        synchronized (lock) {
            Job current = get(id);
            listener.accept(current);
            if (current.state().isFinal()) {
                return () -> { };
            }
            watchers.computeIfAbsent(id, k -> new ArrayList<>()).add(listener);
        }
        return () -> {
            synchronized (lock) {
                List<Consumer<Job>> listeners = watchers.get(id);
                if (listeners != null) {
                    listeners.remove(listener);
                    if (listeners.isEmpty()) {
                        watchers.remove(id);
                    }
                }
            }
        };
    }

    /** Now, at the precision PostgreSQL stores. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }
}
