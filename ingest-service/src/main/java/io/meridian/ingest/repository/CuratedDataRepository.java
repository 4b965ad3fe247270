package io.meridian.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Key lookups and deletions on {@code curated_record} for deduplication and retention (the bulk store itself
 * is {@link RecordRepository}).
 */
@ApplicationScoped
public class CuratedDataRepository {
    private final DataSource dataSource;

    public CuratedDataRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Which of {@code keys} the dataset already has stored. */
    public Set<String> existingKeys(String dataset, Collection<String> keys) {
        Set<String> found = new HashSet<>();
        if (keys.isEmpty()) {
            return found;
        }
        String sql = "SELECT DISTINCT record_key FROM curated_record WHERE dataset = ? AND record_key = ANY (?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, dataset);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        } catch (SQLException e) {
            throw new IllegalStateException("could not look up keys of " + dataset, e);
        }
    }

    /**
     * Deletes the stored records with these keys (keep-latest deduplication); returns how many of the deleted
     * rows belonged to run {@code runId}.
     */
    public long deleteKeys(String dataset, Collection<String> keys, UUID runId) {
        if (keys.isEmpty()) {
            return 0;
        }
        String sql = "WITH d AS (DELETE FROM curated_record WHERE dataset = ? AND record_key = ANY (?) "
            + "RETURNING run_id) SELECT count(*) FILTER (WHERE run_id = ?) FROM d";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, dataset);
            ps.setArray(2, c.createArrayOf("text", keys.toArray()));
            ps.setObject(3, runId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not replace keys of " + dataset, e);
        }
    }

    /**
     * Deletes the dataset's curated records ingested before {@code cutoff}, and the id ranges of batches with no
     * record left; the number of records deleted.
     */
    public int deleteOlderThan(String dataset, Instant cutoff) {
        String sql = "DELETE FROM curated_record WHERE dataset = ? AND ingested_at < ?";
        String emptyBatches = "DELETE FROM curated_record_batch b WHERE b.dataset = ? AND NOT EXISTS (SELECT 1 FROM "
            + "curated_record r WHERE r.dataset = b.dataset AND r.id BETWEEN b.first_id AND b.last_id)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             PreparedStatement batches = c.prepareStatement(emptyBatches)) {
            ps.setString(1, dataset);
            ps.setTimestamp(2, Timestamp.from(cutoff));
            int deleted = ps.executeUpdate();
            batches.setString(1, dataset);
            batches.executeUpdate();
            return deleted;
        } catch (SQLException e) {
            throw new IllegalStateException("could not apply retention to " + dataset, e);
        }
    }
}
