package io.meridian.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Platform start/readiness/stop against six dummy "services" packaged like Quarkus apps. */
class PlatformSupervisionTest {
    private static final InfraEndpoints NO_INFRA = new InfraEndpoints(1, 2, 3, "postgres");

    @TempDir
    Path root;
    @TempDir
    Path home;

    @Test
    void startsSixProcessesWaitsForReadinessAndStopsThem() throws Exception {
        packageDummies();
        List<String> lines = new ArrayList<>();
        List<Service> spawned = new ArrayList<>();
        Platform platform = platform(lines, (service, process, url) -> spawned.add(service));
        platform.attachInfra(NO_INFRA);
        platform.startServices();

        Map<Service, ManagedProcess> processes = platform.processes();
        assertEquals(6, processes.size());
        assertEquals(List.of(Service.values()), spawned);
        assertTrue(processes.values().stream().allMatch(ManagedProcess::isAlive));
        assertTrue(new Readiness().isOk(platform.url(Service.MONITOR).resolve("/q/health/ready")));
        assertEquals(6, processes.values().stream().map(ManagedProcess::pid).distinct().count());
        assertTrue(Files.readString(platform.logFile(Service.INGEST)).contains("kafka=127.0.0.1:1"));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("model-registry ready on http://127.0.0.1:")), lines.toString());

        platform.close();
        assertTrue(processes.values().stream().noneMatch(ManagedProcess::isAlive));
    }

    @Test
    void aServiceThatDiesIsNamedWithItsLogTailAndTheOthersAreStopped() throws Exception {
        packageDummies();
        Files.createFile(root.resolve("inference-service").resolve("die"));
        List<ManagedProcess> spawned = new ArrayList<>();
        Platform platform = platform(new ArrayList<>(), (service, process, url) -> spawned.add(process));
        platform.attachInfra(NO_INFRA);

        PlatformException e = assertThrows(PlatformException.class, platform::startServices);
        assertTrue(e.getMessage().startsWith("inference-service exited with code 3 before it was ready"), e.getMessage());
        assertTrue(e.getMessage().contains("| dummy: fatal start-up error, giving up"), e.getMessage());
        assertEquals(6, spawned.size());
        assertTrue(spawned.stream().noneMatch(ManagedProcess::isAlive), "every started service is stopped again");
        assertTrue(platform.processes().isEmpty());
    }

    @Test
    void aMissingBuildSaysHowToBuild() {
        Platform platform = platform(new ArrayList<>(), (s, p, u) -> { });
        platform.attachInfra(NO_INFRA);
        PlatformException e = assertThrows(PlatformException.class, platform::startServices);
        assertTrue(e.getMessage().contains("ingest-service is not built"), e.getMessage());
        assertTrue(e.getMessage().contains("-DskipTests install"), e.getMessage());
    }

    @Test
    void servicesNeedInfrastructureFirst() {
        Platform platform = platform(new ArrayList<>(), (s, p, u) -> { });
        assertThrows(IllegalStateException.class, platform::startServices);
    }

    @Test
    void readinessTimesOutOrNoticesDeath() throws Exception {
        Readiness readiness = new Readiness();
        int port = io.meridian.embedded.FreePorts.find();
        assertEquals(Readiness.Outcome.TIMED_OUT,
            readiness.await(java.net.URI.create("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofSeconds(1), () -> true));
        assertEquals(Readiness.Outcome.DIED,
            readiness.await(java.net.URI.create("http://127.0.0.1:" + port + "/q/health/ready"), Duration.ofSeconds(30), () -> false));
    }

    @Test
    void stopKillsAProcessThatIgnoresSigterm() throws Exception {
        Path log = home.resolve("stubborn.log");
        ManagedProcess process = ManagedProcess.start("stubborn", List.of("bash", "-c", "trap '' TERM; echo started; sleep 60"),
            Map.of(), home, log, false);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.readString(log).contains("started") && System.nanoTime() < deadline) {
            Readiness.pause();
        }
        assertFalse(process.stop(Duration.ofMillis(500)), "SIGTERM is ignored, so the stop is not graceful");
        assertFalse(process.isAlive());
        assertTrue(process.logTail(5).contains("| started"));
    }

    private Platform platform(List<String> lines, Platform.StartListener listener) {
        return Platform.builder().home(home).root(root).portBase(0).readyTimeout(Duration.ofSeconds(60))
            .jvmOptions(List.of("-Xmx32m", "-XX:TieredStopAtLevel=1", "-Xshare:auto"))
            .progress(lines::add).onStarted(listener).build();
    }

    /** {@code <module>/target/quarkus-app/quarkus-run.jar} whose manifest runs {@link DummyService} from test-classes. */
    private void packageDummies() throws IOException, URISyntaxException {
        Path testClasses = Path.of(DummyService.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        for (Service service : Service.values()) {
            Path jar = service.runJar(root);
            Files.createDirectories(jar.getParent());
            Manifest manifest = new Manifest();
            manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, DummyService.class.getName());
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, testClasses.toUri().toString());
            try (OutputStream out = Files.newOutputStream(jar)) {
                new JarOutputStream(out, manifest).close(); // manifest only
            }
        }
    }
}
