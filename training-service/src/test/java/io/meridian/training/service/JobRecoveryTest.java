package io.meridian.training.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meridian.training.model.Job;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobState;
import io.meridian.training.repository.JobRepository;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

@QuarkusTest
class JobRecoveryTest {
    @Inject
    JobRepository repository;

    @Inject
    JobService jobs;

    static JobSpec spec() {
        return new JobSpec("churn", null, "churned", "binary", null, new JobSpec.Preprocessing("mean", 0, false,
            "most-frequent", "missing", new JobSpec.OneHot("ignore", 0), "standard", null, null),
            "logistic-regression", Map.of(), new JobSpec.Validation("stratified-kfold", 5, 1, 0.2), null, null, null,
            false, null, 1, "churn", false);
    }

    @Test
    void jobsACrashLeftRunningOrQueuedAreMarkedFailed() {
        JobSpec spec = spec();
        Instant now = JobStore.now();
        Job queued = Job.queued(UUID.randomUUID().toString(), spec, now);
        Job running = Job.queued(UUID.randomUUID().toString(), spec, now).progressing(0.4, "training", now);
        Job done = Job.queued(UUID.randomUUID().toString(), spec, now)
            .succeeded(Map.of("accuracy", 0.8), List.of(), null, "churn", 3, now);
        repository.insert(queued);
        repository.insert(running);
        repository.insert(done);

        assertTrue(jobs.recoverUnfinished() >= 2);

        for (Job job : List.of(queued, running)) {
            Job recovered = jobs.get(job.id());
            assertEquals(JobState.FAILED, recovered.state());
            assertEquals(JobService.INTERRUPTED_REASON, recovered.failureReason());
        }
        Job untouched = jobs.get(done.id());
        assertEquals(JobState.SUCCEEDED, untouched.state());
        assertEquals(3L, untouched.modelVersion());
        assertEquals(0.8, untouched.metrics().get("accuracy"));
        assertEquals(spec, untouched.spec(), "the v2 spec survives the JSON round trip");
    }
}
