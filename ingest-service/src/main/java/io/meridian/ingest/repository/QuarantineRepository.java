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
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.QuarantinedRecord;
import io.meridian.ingest.model.RuleViolation;
import jakarta.enterprise.context.ApplicationScoped;

/** Quarantined records in {@code quarantined_record}. */
@ApplicationScoped
public class QuarantineRepository {
    private static final TypeReference<List<RuleViolation>> VIOLATIONS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;

    /** One record to quarantine; {@code rawFieldsJson} is null when the record could not be parsed. */
    public record NewQuarantine(long position, String coordinates, String payload, String rawFieldsJson,
        List<RuleViolation> violations) {
    }

    /** A quarantined record taken up by a replay. */
    public record ReplayCandidate(long id, long position, String coordinates, String payload, String rawFieldsJson) {
    }

    public QuarantineRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /**
     * Inserts a batch in one transaction; {@code beforeCommit} gets the new ids (in order) and runs before the
     * commit (the service publishes the events there); if it throws, the batch is rolled back.
     */
    public void insertBatch(String dataset, int contractVersion, UUID runId, Instant at, List<NewQuarantine> items,
        Consumer<List<Long>> beforeCommit) {
        String sql = "INSERT INTO quarantined_record (dataset, run_id, contract_version, position, coordinates, "
            + "payload, raw_fields, violations, status, quarantined_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?)";
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql, new String[] {"id"})) {
                Timestamp ts = Timestamp.from(at);
                for (NewQuarantine q : items) {
                    ps.setString(1, dataset);
                    ps.setObject(2, runId);
                    ps.setInt(3, contractVersion);
                    ps.setLong(4, q.position());
                    ps.setString(5, q.coordinates());
                    ps.setString(6, q.payload());
                    ps.setString(7, q.rawFieldsJson());
                    ps.setString(8, json.writeValueAsString(q.violations()));
                    ps.setString(9, QuarantinedRecord.QUARANTINED);
                    ps.setTimestamp(10, ts);
                    ps.addBatch();
                }
                ps.executeBatch();
                List<Long> ids = new ArrayList<>(items.size());
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    while (keys.next()) {
                        ids.add(keys.getLong(1));
                    }
                }
                beforeCommit.accept(ids);
                c.commit();
            } catch (SQLException | RuntimeException | JsonProcessingException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not quarantine a batch of run " + runId, e);
        }
    }

    /** A page of the dataset's quarantine, newest first, optionally of one run and/or one status. */
    public List<QuarantinedRecord> page(String dataset, UUID runId, String status, int offset, int limit) {
        StringBuilder sql = new StringBuilder("SELECT id, dataset, run_id, contract_version, position, coordinates, "
            + "payload, violations, quarantined_at, status, replay_run_id, replayed_at FROM quarantined_record "
            + "WHERE dataset = ?");
        if (runId != null) {
            sql.append(" AND run_id = ?");
        }
        if (status != null) {
            sql.append(" AND status = ?");
        }
        sql.append(" ORDER BY id LIMIT ? OFFSET ?");
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, dataset);
            if (runId != null) {
                ps.setObject(i++, runId);
            }
            if (status != null) {
                ps.setString(i++, status);
            }
            ps.setInt(i++, limit);
            ps.setInt(i, offset);
            List<QuarantinedRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp replayed = rs.getTimestamp("replayed_at");
                    Object replayRun = rs.getObject("replay_run_id");
                    out.add(new QuarantinedRecord(rs.getLong("id"), rs.getString("dataset"),
                        rs.getObject("run_id").toString(), rs.getInt("contract_version"), rs.getLong("position"),
                        rs.getString("coordinates"), rs.getString("payload"),
                        json.readValue(rs.getString("violations"), VIOLATIONS),
                        rs.getTimestamp("quarantined_at").toInstant(), rs.getString("status"),
                        replayRun == null ? null : replayRun.toString(), replayed == null ? null : replayed.toInstant()));
                }
            }
            return out;
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not read the quarantine of " + dataset, e);
        }
    }

    /** How many records match the filter of {@link #page}. */
    public long count(String dataset, UUID runId, String status) {
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM quarantined_record WHERE dataset = ?");
        if (runId != null) {
            sql.append(" AND run_id = ?");
        }
        if (status != null) {
            sql.append(" AND status = ?");
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            int i = 1;
            ps.setString(i++, dataset);
            if (runId != null) {
                ps.setObject(i++, runId);
            }
            if (status != null) {
                ps.setString(i, status);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the quarantine of " + dataset, e);
        }
    }

    /** Up to {@code limit} still-quarantined records with an id above {@code afterId}, oldest first. */
    public List<ReplayCandidate> replayCandidates(String dataset, UUID runId, long afterId, int limit) {
        String sql = "SELECT id, position, coordinates, payload, raw_fields FROM quarantined_record "
            + "WHERE dataset = ? AND status = 'QUARANTINED' AND id > ?" + (runId != null ? " AND run_id = ?" : "")
            + " ORDER BY id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, dataset);
            ps.setLong(i++, afterId);
            if (runId != null) {
                ps.setObject(i++, runId);
            }
            ps.setInt(i, limit);
            List<ReplayCandidate> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ReplayCandidate(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the quarantine of " + dataset, e);
        }
    }

    /** Marks records taken up by replay run {@code replayRun} with {@code status} (REPLAYED or DEDUPLICATED). */
    public void markReplayed(List<Long> ids, String status, UUID replayRun, Instant at) {
        if (ids.isEmpty()) {
            return;
        }
        String sql = "UPDATE quarantined_record SET status = ?, replay_run_id = ?, replayed_at = ? WHERE id = ANY (?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, status);
            ps.setObject(2, replayRun);
            ps.setTimestamp(3, Timestamp.from(at));
            ps.setArray(4, c.createArrayOf("bigint", ids.toArray()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not mark replayed records of run " + replayRun, e);
        }
    }

    /** A record a replay found still failing: its new violations and the contract version it failed against. */
    public record StillFailing(long id, int contractVersion, List<RuleViolation> violations) {
    }

    /** Records the new violations of records a replay found still failing (status stays QUARANTINED). */
    public void updateStillFailing(List<StillFailing> items, UUID replayRun, Instant at) {
        if (items.isEmpty()) {
            return;
        }
        String sql = "UPDATE quarantined_record SET violations = ?::jsonb, contract_version = ?, replay_run_id = ?, "
            + "replayed_at = ? WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (StillFailing s : items) {
                ps.setString(1, json.writeValueAsString(s.violations()));
                ps.setInt(2, s.contractVersion());
                ps.setObject(3, replayRun);
                ps.setTimestamp(4, Timestamp.from(at));
                ps.setLong(5, s.id());
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("could not update replayed records of run " + replayRun, e);
        }
    }

    /** Deletes the dataset's quarantined records older than {@code cutoff}; the number deleted. */
    public int deleteOlderThan(String dataset, Instant cutoff) {
        String sql = "DELETE FROM quarantined_record WHERE dataset = ? AND quarantined_at < ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, dataset);
            ps.setTimestamp(2, Timestamp.from(cutoff));
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not apply retention to the quarantine of " + dataset, e);
        }
    }
}
