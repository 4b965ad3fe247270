package io.meridian.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import io.meridian.ingest.model.Rejection;
import io.meridian.ingest.model.RunStatus;
import io.meridian.ingest.model.RunSummary;
import jakarta.enterprise.context.ApplicationScoped;

/** Ingestion runs (lineage) in {@code ingestion_run} and their kept rejections in {@code run_rejection}. */
@ApplicationScoped
public class RunRepository {
    private final DataSource dataSource;

    public RunRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the start of a run (status RUNNING, zero counts). */
    public void start(UUID runId, String dataset, int contractVersion, String source, Instant startedAt) {
        String sql = "INSERT INTO ingestion_run (run_id, dataset, contract_version, source, status, started_at, "
            + "heartbeat_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, runId);
            ps.setString(2, dataset);
            ps.setInt(3, contractVersion);
            ps.setString(4, source);
            ps.setString(5, RunStatus.RUNNING.name());
            ps.setTimestamp(6, Timestamp.from(startedAt));
            ps.setTimestamp(7, Timestamp.from(startedAt));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the start of run " + runId, e);
        }
    }

    /**
     * Records a running run's progress: the counts decided so far (read = stored + quarantined + deduplicated at
     * every batch boundary) and a heartbeat. Only a RUNNING run is touched.
     */
    public void heartbeat(UUID runId, long stored, long quarantined, long deduplicated, Instant at) {
        String sql = "UPDATE ingestion_run SET rows_read = ?, rows_stored = ?, rows_rejected = ?, rows_deduplicated = ?, "
            + "heartbeat_at = ? WHERE run_id = ? AND status = 'RUNNING'";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, stored + quarantined + deduplicated);
            ps.setLong(2, stored);
            ps.setLong(3, quarantined);
            ps.setLong(4, deduplicated);
            ps.setTimestamp(5, Timestamp.from(at));
            ps.setObject(6, runId);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the progress of run " + runId, e);
        }
    }

    /**
     * Marks FAILED every RUNNING run without a heartbeat since {@code before}: the service that ran it stopped
     * (crash, kill, redeploy) before the run finished. Its counts stay those of its last heartbeat, which cover
     * every committed batch. Returns the runs marked.
     */
    public List<UUID> abandon(Instant before, Instant now) {
        String sql = "UPDATE ingestion_run SET status = 'FAILED', ended_at = ?, failure = 'Abandoned: no progress "
            + "since ' || to_char(heartbeat_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') || ' (the "
            + "service stopped during the run). The counts cover the batches committed before that; records after "
            + "them were not stored: send the input again (deduplication by key makes that safe).' "
            + "WHERE status = 'RUNNING' AND heartbeat_at < ? RETURNING run_id";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(before));
            List<UUID> marked = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    marked.add(rs.getObject(1, UUID.class));
                }
            }
            return marked;
        } catch (SQLException e) {
            throw new IllegalStateException("could not mark abandoned runs", e);
        }
    }

    /** Records the end of a run: counts, status, failure reason (or null) and the kept rejections. */
    public void finish(RunSummary summary, String failure) {
        String update = "UPDATE ingestion_run SET status = ?, rows_read = ?, rows_stored = ?, rows_rejected = ?, "
            + "rejections_truncated = ?, failure = ?, ended_at = ?, rows_deduplicated = ?, bytes_read = ?, "
            + "input_sha256 = ? WHERE run_id = ?";
        String insert = "INSERT INTO run_rejection (run_id, seq, row_number, field, reason) VALUES (?, ?, ?, ?, ?)";
        UUID runId = UUID.fromString(summary.runId());
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(update); PreparedStatement rej = c.prepareStatement(insert)) {
                ps.setString(1, summary.status().name());
                ps.setLong(2, summary.rowsRead());
                ps.setLong(3, summary.rowsStored());
                ps.setLong(4, summary.rowsRejected());
                ps.setBoolean(5, summary.rejectionsTruncated());
                ps.setString(6, failure);
                ps.setTimestamp(7, Timestamp.from(summary.endedAt()));
                ps.setLong(8, summary.rowsDeduplicated());
                ps.setLong(9, summary.bytesRead());
                ps.setString(10, summary.inputSha256());
                ps.setObject(11, runId);
                ps.executeUpdate();
                int seq = 0;
                for (Rejection r : summary.rejections()) {
                    rej.setObject(1, runId);
                    rej.setInt(2, seq++);
                    rej.setLong(3, r.row());
                    rej.setString(4, r.field());
                    rej.setString(5, r.reason());
                    rej.addBatch();
                }
                rej.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the end of run " + runId, e);
        }
    }

    public Optional<RunSummary> find(UUID runId) {
        String sql = "SELECT dataset, contract_version, source, status, rows_read, rows_stored, rows_rejected, "
            + "rejections_truncated, started_at, ended_at, rows_deduplicated, bytes_read, input_sha256, failure "
            + "FROM ingestion_run WHERE run_id = ?";
        String rejections = "SELECT row_number, field, reason FROM run_rejection WHERE run_id = ? ORDER BY seq";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             PreparedStatement rs2 = c.prepareStatement(rejections)) {
            ps.setObject(1, runId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                List<Rejection> kept = new ArrayList<>();
                rs2.setObject(1, runId);
                try (ResultSet r = rs2.executeQuery()) {
                    while (r.next()) {
                        kept.add(new Rejection(r.getLong(1), r.getString(2), r.getString(3)));
                    }
                }
                Timestamp ended = rs.getTimestamp("ended_at");
                return Optional.of(new RunSummary(runId.toString(), rs.getString("dataset"),
                    rs.getInt("contract_version"), rs.getLong("rows_read"), rs.getLong("rows_stored"),
                    rs.getLong("rows_rejected"), kept, rs.getBoolean("rejections_truncated"),
                    RunStatus.valueOf(rs.getString("status")), rs.getString("source"),
                    rs.getTimestamp("started_at").toInstant(), ended == null ? null : ended.toInstant(),
                    rs.getLong("rows_deduplicated"), rs.getLong("bytes_read"), rs.getString("input_sha256"),
                    rs.getString("failure")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read run " + runId, e);
        }
    }
}
