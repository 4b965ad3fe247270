package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceStateTest {
    @TempDir
    Path home;

    @Test
    void roundTripsThroughStateJson() {
        Instant started = Instant.parse("2025-01-02T03:04:05Z");
        InstanceState state = new InstanceState(home.toString(), started,
            new InstanceState.Component("infra", 101, started, 0, "", "/l/infra.log"),
            new InfraEndpoints(9092, 5432, 1883, "postgres"), List.of())
            .withService(new InstanceState.Component("ingest-service", 102, null, 8081, "http://127.0.0.1:8081", "/l/i.log"))
            .withService(new InstanceState.Component("feature-service", 103, null, 8082, "http://127.0.0.1:8082", "/l/f.log"));
        state.write(home);

        InstanceState read = InstanceState.read(home).orElseThrow();
        assertEquals(state, read);
        assertEquals(List.of("feature-service", "ingest-service", "infra"),
            read.stopOrder().stream().map(InstanceState.Component::name).toList());
        assertTrue(Files.exists(home.resolve("state.json")));
        InstanceState.delete(home);
        assertTrue(InstanceState.read(home).isEmpty());
    }

    @Test
    void replacingAServiceKeepsOneEntry() {
        InstanceState state = new InstanceState(home.toString(), Instant.now(), null, null, List.of())
            .withService(new InstanceState.Component("ingest-service", 1, null, 0, "", ""))
            .withService(new InstanceState.Component("ingest-service", 2, null, 8081, "", ""));
        assertEquals(1, state.services().size());
        assertEquals(2, state.services().get(0).pid());
    }

    @Test
    void deadOrReusedPidsAreNotAlive() {
        ProcessHandle self = ProcessHandle.current();
        Instant selfStart = self.info().startInstant().orElseThrow();
        assertTrue(new InstanceState.Component("me", self.pid(), selfStart, 0, "", "").isAlive());
        // same pid, different start time: a reused pid is not ours
        assertFalse(new InstanceState.Component("me", self.pid(), selfStart.minusSeconds(3600), 0, "", "").isAlive());
        InstanceState stale = new InstanceState(home.toString(), Instant.now(),
            new InstanceState.Component("infra", Long.MAX_VALUE / 2, null, 0, "", ""), null, List.of());
        assertFalse(stale.anyAlive());
    }

    @Test
    void damagedStateSaysWhatToDo() throws Exception {
        Files.writeString(home.resolve("state.json"), "{not json");
        PlatformException e = assertThrows(PlatformException.class, () -> InstanceState.read(home));
        assertTrue(e.getMessage().contains("delete it"), e.getMessage());
    }
}
