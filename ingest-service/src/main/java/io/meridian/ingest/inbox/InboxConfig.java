package io.meridian.ingest.inbox;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The inbox folders (prefix {@code meridian.ingest.inbox}, env {@code MERIDIAN_INGEST_INBOX_...}). Kept apart
 * from {@link io.meridian.ingest.config.IngestConfig} only because that file has another owner during issue 3;
 * fold it in as a nested group when convenient.
 */
@ConfigMapping(prefix = "meridian.ingest.inbox")
public interface InboxConfig {
    /**
     * The inbox root: each sub-folder {@code <root>/<dataset>/} is watched and its files ingested into that
     * dataset. Unset (the default) disables the inbox.
     */
    Optional<Path> root();

    /** How often the folders are scanned. */
    @WithDefault("5s")
    Duration pollInterval();

    /**
     * A file is taken only when it was last modified at least this long ago, so a writer that does not use
     * a temporary name (see {@link #ignoredSuffixes()}) has time to finish.
     */
    @WithDefault("2s")
    Duration settleTime();

    /** File name endings of files still being written, never taken (besides hidden files, which start with a dot). */
    @WithDefault(".part,.tmp,.partial,.crdownload,.filepart,~")
    List<String> ignoredSuffixes();
}
