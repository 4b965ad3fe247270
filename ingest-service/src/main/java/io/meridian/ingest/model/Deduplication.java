package io.meridian.ingest.model;

/**
 * Deduplication by record key, within a run and against the dataset's stored records.
 *
 * @param keep {@code first}: a record whose key was already seen/stored is counted as deduplicated and dropped;
 *             {@code latest}: the new record replaces the stored/earlier one (which is counted as deduplicated when
 *             it came from the same run)
 */
public record Deduplication(String keep) {
    public boolean keepLatest() {
        return "latest".equals(keep);
    }
}
