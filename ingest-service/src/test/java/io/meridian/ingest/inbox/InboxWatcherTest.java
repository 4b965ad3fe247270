package io.meridian.ingest.inbox;

import static io.meridian.ingest.TestRequests.asReader;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.meridian.ingest.rest.TestContracts;
import io.meridian.testing.ChurnData;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/** The inbox against real temp folders, real PostgreSQL and Kafka. */
@QuarkusTest
class InboxWatcherTest {
    @Inject
    InboxWatcher inbox;

    @TempDir
    Path root;

    private static Set<String> names(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    /** Sets the file's last-modified time {@code age} ago (in .processing/: when it was claimed). */
    private static Instant age(Path file, Duration age) throws IOException {
        Instant at = Instant.now().minus(age).truncatedTo(ChronoUnit.SECONDS);
        Files.setLastModifiedTime(file, FileTime.from(at));
        return at;
    }

    @Test
    void ingestsEachFileAsARunAndMovesItToDoneOrFailed() throws IOException {
        TestContracts.createChurn("inbox-churn");
        Path folder = Files.createDirectories(root.resolve("inbox-churn"));
        Files.writeString(folder.resolve("good.csv"), ChurnData.csv(20, 3));
        Files.writeString(folder.resolve("lines.ndjson"), """
            {"customer_id":"N1","tenure_months":1,"churned":true}
            {"customer_id":"N2",
            {"customer_id":"N3","tenure_months":3,"churned":false}
            """);
        Files.writeString(folder.resolve("array.json"), "[{\"customer_id\":\"J1\",\"tenure_months\":1,\"churned\":true}]");
        Files.writeString(folder.resolve("rows.xml"),
            "<rs><r customer_id=\"X1\" tenure_months=\"2\" churned=\"no\"/></rs>");
        Files.writeString(folder.resolve("empty.csv"), "");
        Files.writeString(folder.resolve("no-key.csv"), "tenure_months,churned\n1,true\n");
        Files.writeString(folder.resolve("notes.txt"), "not data");
        // left alone: hidden, still being written, a sub-folder, a symbolic link to a file outside the inbox
        Files.writeString(folder.resolve(".hidden.csv"), ChurnData.csv(2, 1));
        Files.writeString(folder.resolve("upload.csv.part"), ChurnData.csv(2, 1));
        Files.createDirectories(folder.resolve("sub")).resolve("deep.csv").toFile().createNewFile();
        Path outside = Files.writeString(root.resolve("outside.csv"), ChurnData.csv(2, 1));
        Files.createSymbolicLink(folder.resolve("link.csv"), outside);

        Map<String, InboxWatcher.Outcome> outcomes = inbox.scan(root).stream()
            .collect(Collectors.toMap(InboxWatcher.Outcome::file, Function.identity()));

        assertEquals(Set.of("good.csv", "lines.ndjson", "array.json", "rows.xml", "empty.csv", "no-key.csv",
            "notes.txt"), outcomes.keySet());
        assertEquals(Set.of("good.csv", "lines.ndjson", "array.json", "rows.xml"), names(folder.resolve("done")));
        assertEquals(Set.of("empty.csv", "empty.csv.error.txt", "no-key.csv", "no-key.csv.error.txt", "notes.txt",
            "notes.txt.error.txt"), names(folder.resolve("failed")));
        assertEquals(Set.of(".hidden.csv", "upload.csv.part", "sub", "link.csv", "done", "failed", ".processing"),
            names(folder));
        assertEquals(Set.of(), names(folder.resolve(".processing")));
        assertTrue(Files.exists(outside), "the link's target outside the inbox is untouched");
        assertEquals(ChurnData.csv(2, 1), Files.readString(outside));

        assertTrue(Files.readString(folder.resolve("failed/empty.csv.error.txt")).contains("empty"));
        String noKey = Files.readString(folder.resolve("failed/no-key.csv.error.txt"));
        assertTrue(noKey.contains("customer_id"), noKey);
        assertTrue(Files.readString(folder.resolve("failed/notes.txt.error.txt")).contains(".csv, .json, .ndjson or .xml"));

        InboxWatcher.Outcome good = outcomes.get("good.csv");
        assertEquals(InboxWatcher.Status.DONE, good.status());
        asReader().when().get("/v1/runs/" + good.runId()).then().statusCode(200)
            .body("source", equalTo("inbox")).body("rowsStored", equalTo(20));
        asReader().when().get("/v1/runs/" + outcomes.get("lines.ndjson").runId()).then().statusCode(200)
            .body("rowsRead", equalTo(3)).body("rowsStored", equalTo(2)).body("rowsRejected", equalTo(1))
            .body("rejections[0].row", equalTo(2));
        asReader().when().get("/v1/runs/" + outcomes.get("rows.xml").runId()).then().statusCode(200)
            .body("rowsStored", equalTo(1));
    }

    @Test
    void aSecondFileOfTheSameNameDoesNotOverwriteTheFirstInDone() throws IOException {
        TestContracts.createChurn("inbox-again");
        Path folder = Files.createDirectories(root.resolve("inbox-again"));
        Files.writeString(folder.resolve("daily.csv"), ChurnData.csv(2, 1));
        inbox.scan(root);
        Files.writeString(folder.resolve("daily.csv"), ChurnData.csv(3, 2));
        inbox.scan(root);
        assertEquals(Set.of("daily.csv", "daily.1.csv"), names(folder.resolve("done")));
    }

    @Test
    void aFileLeftInProcessingByAStoppedServiceGoesToFailedOnceOlderThanRecoverAfter() throws IOException {
        // no contract: a leftover is never ingested again (recover-after: the default 10m)
        Path folder = Files.createDirectories(root.resolve("inbox-leftover"));
        Path processing = Files.createDirectories(folder.resolve(".processing"));
        Path stale = Files.writeString(processing.resolve("stale.csv"), ChurnData.csv(3, 4));
        Instant claimedAt = age(stale, Duration.ofMinutes(11));
        Path fresh = Files.writeString(processing.resolve("fresh.csv"), ChurnData.csv(2, 5));
        age(fresh, Duration.ofMinutes(9)); // another replica may still be ingesting it

        List<InboxWatcher.Outcome> outcomes = inbox.scan(root);

        assertEquals(1, outcomes.size(), outcomes.toString());
        InboxWatcher.Outcome outcome = outcomes.get(0);
        assertEquals("inbox-leftover", outcome.dataset());
        assertEquals("stale.csv", outcome.file());
        assertEquals(InboxWatcher.Status.FAILED, outcome.status());
        assertEquals(null, outcome.runId());
        assertEquals(Set.of("stale.csv", "stale.csv.error.txt"), names(folder.resolve("failed")));
        assertEquals(ChurnData.csv(3, 4), Files.readString(folder.resolve("failed/stale.csv")));
        assertEquals(Set.of("fresh.csv"), names(processing));
        assertEquals(Set.of(".processing", "failed"), names(folder));
        String error = Files.readString(folder.resolve("failed/stale.csv.error.txt"));
        assertTrue(error.startsWith("The service stopped while ingesting this file: it was claimed at " + claimedAt),
            error);
        assertTrue(error.contains("meridian.ingest.inbox.recover-after (10m)"), error);
        assertTrue(error.contains("Records stored before the stop are kept"), error);
        assertTrue(error.contains("move it back into the dataset's inbox folder (inbox-leftover/)"), error);
        assertTrue(error.contains("deduplication"), error);
        assertEquals(outcome.reason() + System.lineSeparator(), error);

        // checked again at every scan, not only at start-up: once old enough, the other one goes too
        assertEquals(List.of(), inbox.scan(root));
        age(fresh, Duration.ofMinutes(11));
        assertEquals(List.of("fresh.csv"), inbox.scan(root).stream().map(InboxWatcher.Outcome::file).toList());
        assertEquals(Set.of(), names(processing));
        assertEquals(Set.of("stale.csv", "stale.csv.error.txt", "fresh.csv", "fresh.csv.error.txt"),
            names(folder.resolve("failed")));
    }

    @Test
    void aRecoveredFileWhoseNameIsTakenInFailedGetsANumberedName() throws IOException {
        Path folder = Files.createDirectories(root.resolve("inbox-leftover-clash"));
        Path failed = Files.createDirectories(folder.resolve("failed"));
        Files.writeString(failed.resolve("daily.csv"), "earlier");
        Files.writeString(failed.resolve("daily.csv.error.txt"), "earlier failure");
        Path leftover = Files.writeString(Files.createDirectories(folder.resolve(".processing")).resolve("daily.csv"),
            ChurnData.csv(2, 1));
        age(leftover, Duration.ofHours(1));

        assertEquals(List.of("daily.csv"), inbox.scan(root).stream().map(InboxWatcher.Outcome::file).toList());

        assertEquals(Set.of("daily.csv", "daily.csv.error.txt", "daily.1.csv", "daily.1.csv.error.txt"), names(failed));
        assertEquals("earlier", Files.readString(failed.resolve("daily.csv")));
        assertEquals("earlier failure", Files.readString(failed.resolve("daily.csv.error.txt")));
        assertEquals(ChurnData.csv(2, 1), Files.readString(failed.resolve("daily.1.csv")));
        assertTrue(Files.readString(failed.resolve("daily.1.csv.error.txt")).contains("stopped while ingesting"));
        assertEquals(Set.of(), names(folder.resolve(".processing")));
    }

    @Test
    void theClaimSetsTheFilesLastModifiedTimeSoAnOldFileIsIngestedNotRecovered() throws IOException {
        TestContracts.createChurn("inbox-claim-time");
        Path folder = Files.createDirectories(root.resolve("inbox-claim-time"));
        age(Files.writeString(folder.resolve("old.csv"), ChurnData.csv(4, 6)), Duration.ofDays(2));
        Instant beforeClaim = Instant.now().minusSeconds(2); // margin for coarse file-system clocks

        List<InboxWatcher.Outcome> outcomes = inbox.scan(root);

        assertEquals(1, outcomes.size(), outcomes.toString());
        assertEquals(InboxWatcher.Status.DONE, outcomes.get(0).status());
        Instant claimed = Files.getLastModifiedTime(folder.resolve("done/old.csv")).toInstant();
        assertFalse(claimed.isBefore(beforeClaim), "last-modified is the claim time: " + claimed);
        assertEquals(Set.of(), names(folder.resolve(".processing")));
        assertEquals(Set.of(), names(folder.resolve("failed")));
    }

    @Test
    void aNewFileWaitsWhileOneOfTheSameNameIsStillInProcessing() throws IOException {
        TestContracts.createChurn("inbox-same-name");
        Path folder = Files.createDirectories(root.resolve("inbox-same-name"));
        Path inFlight = Files.writeString(Files.createDirectories(folder.resolve(".processing")).resolve("daily.csv"),
            "in flight");
        age(inFlight, Duration.ofMinutes(1));
        Files.writeString(folder.resolve("daily.csv"), ChurnData.csv(2, 7));

        assertEquals(List.of(), inbox.scan(root));
        assertEquals("in flight", Files.readString(inFlight), "the claim never replaces a file in .processing/");
        assertTrue(Files.exists(folder.resolve("daily.csv")));

        age(inFlight, Duration.ofMinutes(11)); // its service stopped: recovered first, then the new file is taken
        List<InboxWatcher.Outcome> outcomes = inbox.scan(root);
        assertEquals(List.of(InboxWatcher.Status.FAILED, InboxWatcher.Status.DONE),
            outcomes.stream().map(InboxWatcher.Outcome::status).toList());
        assertEquals("in flight", Files.readString(folder.resolve("failed/daily.csv")));
        assertEquals(ChurnData.csv(2, 7), Files.readString(folder.resolve("done/daily.csv")));
        asReader().when().get("/v1/runs/" + outcomes.get(1).runId()).then().statusCode(200).body("rowsStored", equalTo(2));
    }

    @Test
    void aFolderOfAnUnknownDatasetMovesItsFilesToFailed() throws IOException {
        Path folder = Files.createDirectories(root.resolve("inbox-no-such-dataset"));
        Files.writeString(folder.resolve("a.csv"), ChurnData.csv(2, 1));
        List<InboxWatcher.Outcome> outcomes = inbox.scan(root);
        assertEquals(InboxWatcher.Status.FAILED, outcomes.get(0).status());
        assertTrue(Files.readString(folder.resolve("failed/a.csv.error.txt")).contains("does not exist"));
    }

    @Test
    void namesNeverEscapeTheirFolder() {
        for (String name : new String[] {"..", ".", "", "../x.csv", "a/b.csv", "..\\x.csv", "/etc/passwd", "a\0b"}) {
            assertThrows(IllegalArgumentException.class, () -> InboxWatcher.inside(root, name), name);
        }
        assertEquals(root.toAbsolutePath().normalize().resolve("ok.csv"), InboxWatcher.inside(root, "ok.csv"));
        assertEquals(root.toAbsolutePath().normalize().resolve("..ok.csv"), InboxWatcher.inside(root, "..ok.csv"));
    }

    @Test
    void aMissingRootIsNotAnError() {
        assertEquals(List.of(), inbox.scan(root.resolve("absent")));
    }

    @Test
    void theScheduledScanPicksUpFilesInTheConfiguredRoot() throws IOException {
        TestContracts.createChurn("inbox-scheduled");
        // %test.meridian.ingest.inbox.root=target/inbox-scheduled, scanned every second
        Path folder = Files.createDirectories(Path.of("target/inbox-scheduled/inbox-scheduled"));
        String name = "scheduled-" + System.nanoTime() + ".csv";
        Files.writeString(folder.resolve(name), ChurnData.csv(5, 9), StandardCharsets.UTF_8);
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(folder.resolve("done").resolve(name)));
        assertFalse(Files.exists(folder.resolve(name)));
    }
}
