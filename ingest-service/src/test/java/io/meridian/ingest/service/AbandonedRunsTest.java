package io.meridian.ingest.service;

import static io.meridian.ingest.TestRequests.asReader;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.meridian.ingest.repository.RunRepository;
import io.meridian.ingest.rest.TestContracts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** A run whose service stopped mid-run is marked FAILED with its committed counts; live runs are left alone. */
@QuarkusTest
class AbandonedRunsTest {
    @Inject
    RunRepository runs;
    @Inject
    AbandonedRuns sweep;

    @Test
    void staleRunsFailAndLiveOnesKeepRunning() {
        TestContracts.createChurn("abandoned-runs");
        Instant now = Instant.now();
        UUID crashed = UUID.randomUUID();
        UUID slowButAlive = UUID.randomUUID();
        UUID fresh = UUID.randomUUID();
        runs.start(crashed, "abandoned-runs", 1, "csv", now.minus(Duration.ofHours(2)));
        runs.heartbeat(crashed, 4000, 7, 3, now.minus(Duration.ofHours(1)));
        runs.start(slowButAlive, "abandoned-runs", 1, "csv", now.minus(Duration.ofHours(2)));
        runs.heartbeat(slowButAlive, 100, 0, 0, now.minus(Duration.ofMinutes(1)));
        runs.start(fresh, "abandoned-runs", 1, "mqtt", now);

        List<UUID> marked = sweep.sweep(now);
        assertTrue(marked.contains(crashed), "the crashed run is marked");
        assertTrue(!marked.contains(slowButAlive) && !marked.contains(fresh), "live runs are not");

        asReader().when().get("/v1/runs/" + crashed).then().statusCode(200)
            .body("status", equalTo("FAILED"))
            .body("failure", containsString("Abandoned"))
            .body("rowsRead", equalTo(4010)).body("rowsStored", equalTo(4000))
            .body("rowsQuarantined", equalTo(7)).body("rowsDeduplicated", equalTo(3));
        asReader().when().get("/v1/runs/" + slowButAlive).then().statusCode(200).body("status", equalTo("RUNNING"))
            .body("rowsStored", equalTo(100));
        asReader().when().get("/v1/runs/" + fresh).then().statusCode(200).body("status", equalTo("RUNNING"));
        // a second sweep finds nothing new, and a finished run is never touched
        assertTrue(!sweep.sweep(now).contains(crashed));
    }
}
