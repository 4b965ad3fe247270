package io.meridian.ingest.inbox;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

import org.jboss.logging.Logger;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.format.CsvOptions;
import io.meridian.ingest.format.FileFormat;
import io.meridian.ingest.format.FileIngestion;
import io.meridian.ingest.model.RunSummary;
import io.meridian.problem.ProblemException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Watches {@code <root>/<dataset>/} folders (a scheduled scan, {@link IngestConfig.Inbox}) and ingests each file as
 * one run of that dataset, the format taken from the extension ({@code .csv .json .ndjson .xml}; CSV with the
 * default options: UTF-8, comma, double quote, header row). Record coordinates are {@code <file>:<line>}.
 *
 * <p>Only regular files directly in the dataset folder are taken (no symbolic links, no sub-folders); hidden
 * files (a leading dot) and files still being written ({@code *.part}, ...; or modified within the settle
 * time) are left alone. A file is first claimed by an atomic move into {@code <dataset>/.processing/} (so two
 * scanners never take the same file), then moved atomically to {@code <dataset>/done/} when its run finished
 * (whatever the record rejections), or to {@code <dataset>/failed/} with {@code <file>.error.txt} saying why
 * (empty file, header lacking a contract column, unknown dataset, unsupported extension, database down...).
 * Every target path is built from a single file name checked to stay inside its folder.
 *
 * <p>The claim sets the file's last-modified time, so in {@code .processing/} it means "claimed at". A file found
 * there more than {@code recover-after} (10m) after its claim was left by a service that stopped while ingesting
 * it: each scan, before taking new files, moves it to {@code failed/} with an error text saying so (it is not
 * ingested again: part of it may already be stored; its run is marked FAILED by the service's abandoned-run sweep).
 * Younger files there are left alone (another replica sharing the inbox may be ingesting them), and a new file of
 * the same name waits in the dataset folder until that one is gone.
 */
@ApplicationScoped
public class InboxWatcher {
    private static final Logger LOG = Logger.getLogger(InboxWatcher.class);
    static final String PROCESSING = ".processing";
    static final String DONE = "done";
    static final String FAILED = "failed";
    static final String ERROR_SUFFIX = ".error.txt";

    private final IngestConfig.Inbox config;
    private final FileIngestion files;

    /** What happened to one inbox file. */
    public record Outcome(String dataset, String file, Status status, String runId, String reason) {
    }

    /** Where the file ended up. */
    public enum Status { DONE, FAILED }

    public InboxWatcher(IngestConfig config, FileIngestion files) {
        this.config = config.inbox();
        this.files = files;
    }

    @Scheduled(every = "${meridian.ingest.inbox.poll-interval:5s}", delayed = "1s",
        concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        config.root().ifPresent(root -> {
            try {
                scan(root);
            } catch (RuntimeException e) {
                LOG.errorf(e, "inbox scan of %s failed", root);
            }
        });
    }

    /** Scans every dataset folder under {@code root} once; returns what happened to each file taken. */
    public List<Outcome> scan(Path root) {
        List<Outcome> outcomes = new ArrayList<>();
        if (!Files.isDirectory(root, LinkOption.NOFOLLOW_LINKS)) {
            LOG.debugf("inbox root %s is not a directory; nothing to scan", root);
            return outcomes;
        }
        try (DirectoryStream<Path> datasets = Files.newDirectoryStream(root)) {
            for (Path folder : datasets) {
                String dataset = folder.getFileName().toString();
                if (!dataset.startsWith(".") && Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
                    scanDataset(folder, dataset, outcomes);
                }
            }
        } catch (IOException e) {
            LOG.errorf(e, "could not list the inbox root %s", root);
        }
        return outcomes;
    }

    private void scanDataset(Path folder, String dataset, List<Outcome> outcomes) {
        recoverLeftovers(folder, dataset, outcomes);
        List<Path> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (takes(entry)) {
                    candidates.add(entry);
                }
            }
        } catch (IOException e) {
            LOG.errorf(e, "could not list the inbox folder %s", folder);
            return;
        }
        candidates.sort(null);
        for (Path file : candidates) {
            process(folder, dataset, file.getFileName().toString()).ifPresent(outcomes::add);
        }
    }

    /** Regular, visible, finished files directly in the folder. */
    private boolean takes(Path entry) {
        String name = entry.getFileName().toString();
        if (name.startsWith(".")) {
            return false;
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (config.ignoredSuffixes().stream().anyMatch(s -> !s.isEmpty() && lower.endsWith(s.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        try {
            BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && attributes.lastModifiedTime().toInstant()
                .isBefore(Instant.now().minus(config.settleTime()).plusMillis(1));
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<Outcome> process(Path folder, String dataset, String name) {
        Path claimed;
        try {
            Path processing = Files.createDirectories(inside(folder, PROCESSING));
            claimed = inside(processing, name);
            if (Files.exists(claimed, LinkOption.NOFOLLOW_LINKS)) {
                // a move would replace it: a file being ingested by another replica, or left by a stopped service
                LOG.debugf("inbox file %s/%s waits: a file of that name is still in %s", dataset, name, PROCESSING);
                return Optional.empty();
            }
            Path source = inside(folder, name);
            markClaimTime(source, dataset, name);
            move(source, claimed);
        } catch (NoSuchFileException | FileAlreadyExistsException e) {
            LOG.debugf("inbox file %s/%s was taken by someone else", dataset, name);
            return Optional.empty();
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf(e, "could not claim inbox file %s/%s", dataset, name);
            return Optional.empty();
        }
        Optional<FileFormat> format = FileFormat.ofFileName(name);
        if (format.isEmpty()) {
            return Optional.of(failed(folder, dataset, name, claimed, null, "The file name has no supported "
                + "extension: use .csv, .json, .ndjson or .xml."));
        }
        try (InputStream in = Files.newInputStream(claimed)) {
            RunSummary run = files.ingest(dataset, format.get(), CsvOptions.DEFAULT, in, name, "inbox");
            Path done = Files.createDirectories(inside(folder, DONE));
            move(claimed, free(done, name));
            LOG.infof("inbox file ingested: dataset=%s file=%s run=%s read=%d stored=%d rejected=%d", dataset, name,
                run.runId(), run.rowsRead(), run.rowsStored(), run.rowsRejected());
            return Optional.of(new Outcome(dataset, name, Status.DONE, run.runId(), null));
        } catch (ProblemException e) {
            return Optional.of(failed(folder, dataset, name, claimed, null, e.getMessage()
                + (e.field() == null ? "" : " (field: " + e.field() + ")")));
        } catch (IOException | RuntimeException e) {
            LOG.errorf(e, "inbox file %s/%s could not be ingested", dataset, name);
            return Optional.of(failed(folder, dataset, name, claimed, null, "The file could not be ingested: " + e));
        }
    }

    /**
     * Sets the file's last-modified time to now just before its claim move (which keeps it), so that in
     * {@code .processing/} its age counts from the claim, never from when it was written.
     */
    private static void markClaimTime(Path source, String dataset, String name) throws IOException {
        try {
            Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            // e.g. a file owned by another user: still ingested, but its age in .processing/ is its own
            LOG.warnf("could not set the claim time of inbox file %s/%s (%s): with several replicas sharing the inbox, "
                + "another one may take it for a file left by a stopped service once it is older than recover-after",
                dataset, name, e);
        }
    }

    /**
     * Moves each file in {@code <dataset>/.processing/} claimed more than {@code recover-after} ago (a service stopped
     * while ingesting it) to {@code failed/} with an error text; younger ones are left alone.
     */
    private void recoverLeftovers(Path folder, String dataset, List<Outcome> outcomes) {
        Path processing = inside(folder, PROCESSING);
        if (!Files.isDirectory(processing, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Instant staleBefore = Instant.now().minus(config.recoverAfter());
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(processing)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith(".") && claimedAt(entry)
                    .filter(claimed -> claimed.isBefore(staleBefore)).isPresent()) {
                    leftovers.add(entry);
                }
            }
        } catch (IOException e) {
            LOG.errorf(e, "could not list the inbox folder %s", processing);
            return;
        }
        leftovers.sort(null);
        for (Path leftover : leftovers) {
            claimedAt(leftover).filter(claimed -> claimed.isBefore(staleBefore))  // unless replaced meanwhile
                .flatMap(claimed -> recover(folder, dataset, leftover, claimed)).ifPresent(outcomes::add);
        }
    }

    /** The last-modified time of a regular file (the claim time in {@code .processing/}); empty for anything else. */
    private static Optional<Instant> claimedAt(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() ? Optional.of(attributes.lastModifiedTime().toInstant()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Moves one leftover to {@code failed/} (a free name) and then its error text next to it. The file is moved
     * first, so when several replicas recover it at once only the one whose move succeeds writes the error text.
     */
    private Optional<Outcome> recover(Path folder, String dataset, Path leftover, Instant claimedAt) {
        String name = leftover.getFileName().toString();
        Instant now = Instant.now();
        String reason = "The service stopped while ingesting this file: it was claimed at "
            + claimedAt.truncatedTo(ChronoUnit.SECONDS) + " (its last-modified time) and was still in " + dataset + "/"
            + PROCESSING + "/ at " + now.truncatedTo(ChronoUnit.SECONDS) + ", more than "
            + "meridian.ingest.inbox.recover-after (" + human(config.recoverAfter()) + ") later." + System.lineSeparator()
            + "Records stored before the stop are kept (an unfinished ingestion run of this file, source inbox, is "
            + "marked FAILED by the service)."
            + System.lineSeparator()
            + "It was not ingested again automatically, because part of it may already be stored. To ingest it again, "
            + "move it back into the dataset's inbox folder (" + dataset + "/); records stored before the stop are "
            + "then handled by the contract's deduplication (without a deduplicate rule they are stored a second time).";
        Path failed;
        Path temp;
        Path target;
        try {
            failed = Files.createDirectories(inside(folder, FAILED));
            target = free(failed, name);
            temp = inside(failed, "." + UUID.randomUUID() + ".part");
            Files.writeString(temp, reason + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            LOG.errorf(e, "could not recover inbox file %s/%s/%s (left by a stopped service); it stays there", dataset,
                PROCESSING, name);
            return Optional.empty();
        }
        try {
            move(leftover, target);
        } catch (NoSuchFileException e) {
            LOG.debugf("inbox file %s/%s/%s was recovered by someone else", dataset, PROCESSING, name);
            deleteQuietly(temp);
            return Optional.empty();
        } catch (IOException e) {
            LOG.errorf(e, "could not move inbox file %s/%s/%s (left by a stopped service) to failed/; it stays there",
                dataset, PROCESSING, name);
            deleteQuietly(temp);
            return Optional.empty();
        }
        try {
            move(temp, inside(failed, target.getFileName() + ERROR_SUFFIX));
        } catch (IOException e) {
            LOG.errorf(e, "inbox file %s/%s moved to failed/ without its error text", dataset, name);
            deleteQuietly(temp);
        }
        LOG.warnf("inbox file recovered: dataset=%s file=%s was left in %s by a service that stopped while ingesting it "
            + "(claimed at %s); moved to failed/%s, not ingested again", dataset, name, PROCESSING,
            claimedAt.truncatedTo(ChronoUnit.SECONDS), target.getFileName());
        return Optional.of(new Outcome(dataset, name, Status.FAILED, null, reason));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf(e, "could not delete %s", file);
        }
    }

    /** {@code 10m}, {@code 1h30m}, {@code 45s}: a duration as written in the configuration. */
    private static String human(Duration duration) {
        return duration.toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private Outcome failed(Path folder, String dataset, String name, Path claimed, String runId, String reason) {
        try {
            Path failed = Files.createDirectories(inside(folder, FAILED));
            Path target = free(failed, name);
            Path error = inside(failed, target.getFileName() + ERROR_SUFFIX);
            Path temp = inside(failed, "." + UUID.randomUUID() + ".part");
            Files.writeString(temp, reason + System.lineSeparator(), StandardCharsets.UTF_8);
            move(temp, error);
            move(claimed, target);
        } catch (IOException e) {
            LOG.errorf(e, "could not move inbox file %s/%s to failed/ (it stays in %s)", dataset, name, PROCESSING);
        }
        LOG.warnf("inbox file failed: dataset=%s file=%s reason=%s", dataset, name, reason);
        return new Outcome(dataset, name, Status.FAILED, runId, reason);
    }

    /** {@code name} in {@code folder}, or a name with a numeric suffix when it is taken (done/a.csv, done/a.1.csv). */
    private static Path free(Path folder, String name) {
        Path target = inside(folder, name);
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String extension = dot > 0 ? name.substring(dot) : "";
        for (int n = 1; Files.exists(target, LinkOption.NOFOLLOW_LINKS) || Files.exists(
            inside(folder, target.getFileName() + ERROR_SUFFIX), LinkOption.NOFOLLOW_LINKS); n++) {
            target = inside(folder, base + "." + n + extension);
        }
        return target;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the inbox folders must be on one file system so files move atomically", e);
        }
    }

    /**
     * The entry {@code name} directly inside {@code folder}. A name that is empty, {@code .} or {@code ..},
     * contains a separator or a NUL, or would resolve anywhere else is refused with IllegalArgumentException.
     */
    public static Path inside(Path folder, String name) {
        if (name == null || name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
            || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a plain file name: '" + name + "'");
        }
        Path base = folder.toAbsolutePath().normalize();
        Path resolved = base.resolve(name).normalize();
        if (!base.equals(resolved.getParent())) {
            throw new IllegalArgumentException("the name '" + name + "' leaves its folder");
        }
        return resolved;
    }
}
