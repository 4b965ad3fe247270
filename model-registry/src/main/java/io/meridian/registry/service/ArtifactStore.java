package io.meridian.registry.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.jboss.logging.Logger;

import io.meridian.registry.config.RegistryConfig;
import io.meridian.registry.model.RegistryException;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The local file-system artifact store. Uploads stream into a staging file while their SHA-256 and size
 * are computed; a finished upload is moved atomically to {@code <dir>/<model>/<version>/model.<format>}.
 */
@ApplicationScoped
public class ArtifactStore {
    private static final Logger LOG = Logger.getLogger(ArtifactStore.class);

    private final Path root;
    private final Path staging;
    private final long maxBytes;

    public ArtifactStore(RegistryConfig config) {
        this.root = Path.of(config.artifactDir()).toAbsolutePath().normalize();
        this.staging = root.resolve(".uploads");
        this.maxBytes = config.maxArtifactBytes();
        try {
            Files.createDirectories(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the artifact store at " + root, e);
        }
        LOG.infof("artifact store at %s (max upload %d bytes)", root, maxBytes);
    }

    /** Starts a new upload into a staging file. */
    public Upload begin() {
        try {
            return new Upload(Files.createTempFile(staging, "upload-", ".part"), maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a staging file in " + staging, e);
        }
    }

    /** Where version {@code version} of {@code model} lives, relative to the store root. */
    public String location(String model, long version, String format) {
        return model + "/" + version + "/model." + format;
    }

    /** Moves a finished upload to {@code location}, atomically, replacing an orphan left by a crash. */
    public Path place(Staged staged, String location) throws IOException {
        Path target = resolve(location);
        Files.createDirectories(target.getParent());
        try {
            Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the artifact store " + root + " does not support atomic moves", e);
        }
        return target;
    }

    /** Removes a placed artifact whose database row could not be committed. */
    public void remove(String location) {
        deleteQuietly(resolve(location));
    }

    /** Opens a stored artifact for reading. */
    public InputStream open(String location) throws IOException {
        try {
            return Files.newInputStream(resolve(location));
        } catch (NoSuchFileException e) {
            throw new IOException("artifact file " + location + " is missing from the store", e);
        }
    }

    /** The file of a stored artifact. */
    public Path path(String location) {
        return resolve(location);
    }

    private Path resolve(String location) {
        Path p = root.resolve(location).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("artifact location escapes the store: " + location);
        }
        return p;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", file, e.getMessage());
        }
    }

    /** A finished upload: the staging file, its SHA-256 (lower-case hex) and size. */
    public record Staged(Path file, String sha256, long sizeBytes) {
        /** Deletes the staging file (after a failed registration). */
        public void discard() {
            deleteQuietly(file);
        }
    }

    /** An upload in progress. Not thread-safe: feed it from one thread at a time, in order. */
    public static final class Upload implements AutoCloseable {
        private final Path file;
        private final long maxBytes;
        private final OutputStream out;
        private final MessageDigest digest;
        private long size;
        private boolean open = true;

        Upload(Path file, long maxBytes) throws IOException {
            this.file = file;
            this.maxBytes = maxBytes;
            this.out = Files.newOutputStream(file);
            try {
                this.digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("the JVM has no SHA-256", e);
            }
        }

        /** Appends bytes; throws TOO_LARGE (and discards the upload) once the limit is passed. */
        public void write(byte[] bytes) throws IOException {
            if (size + bytes.length > maxBytes) {
                close();
                throw RegistryException.tooLarge("The artifact exceeds the upload limit of " + maxBytes + " bytes.");
            }
            out.write(bytes);
            digest.update(bytes);
            size += bytes.length;
        }

        public long size() {
            return size;
        }

        /** Closes the staging file and returns what was received. */
        public Staged finish() throws IOException {
            out.close();
            open = false;
            return new Staged(file, HexFormat.of().formatHex(digest.digest()), size);
        }

        /** Abandons the upload and deletes the staging file (no-op after {@link #finish()}). */
        @Override
        public void close() {
            if (open) {
                open = false;
                try {
                    out.close();
                } catch (IOException e) {
                    LOG.debugf("closing %s: %s", file, e.getMessage());
                }
                deleteQuietly(file);
            }
        }
    }
}
