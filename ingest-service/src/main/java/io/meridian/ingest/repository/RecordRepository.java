package io.meridian.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import io.meridian.ingest.model.StoredRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Curated records in {@code curated_record}. Duplicate keys are kept as separate rows (deduplication is
 * a later step); readers see them in ingestion order.
 */
@ApplicationScoped
public class RecordRepository {
    private final DataSource dataSource;

    /** One row to insert; {@code valuesJson} is the JSON object of typed values. */
    public record NewRecord(String key, long rowNumber, String valuesJson) {
    }

    public RecordRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Inserts one batch with a JDBC batch insert in one transaction. {@code beforeCommit} runs after the
     * insert and before the commit (the service publishes the batch there and waits for the broker); if it
     * throws, the batch is rolled back.
     */
    public void insertBatch(String dataset, int contractVersion, UUID runId, Instant ingestedAt,
        List<NewRecord> records, Runnable beforeCommit) {
        String sql = "INSERT INTO curated_record (dataset, record_key, contract_version, run_id, row_number, "
            + "record_values, ingested_at) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                Timestamp at = Timestamp.from(ingestedAt);
                for (NewRecord r : records) {
                    ps.setString(1, dataset);
                    ps.setString(2, r.key());
                    ps.setInt(3, contractVersion);
                    ps.setObject(4, runId);
                    ps.setLong(5, r.rowNumber());
                    ps.setString(6, r.valuesJson());
                    ps.setTimestamp(7, at);
                    ps.addBatch();
                }
                ps.executeBatch();
                beforeCommit.run();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not store a batch of run " + runId, e);
        }
    }

    /** Up to {@code limit} records of the dataset with an id above {@code afterId}, in ingestion order. */
    public List<StoredRecord> page(String dataset, long afterId, int limit) {
        String sql = "SELECT id, record_key, contract_version, record_values FROM curated_record "
            + "WHERE dataset = ? AND id > ? ORDER BY id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, dataset);
            ps.setLong(2, afterId);
            ps.setInt(3, limit);
            List<StoredRecord> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredRecord(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read records of " + dataset, e);
        }
    }
}
