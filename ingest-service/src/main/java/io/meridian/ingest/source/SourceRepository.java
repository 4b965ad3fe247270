package io.meridian.ingest.source;

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

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.service.IngestionService;
import jakarta.enterprise.context.ApplicationScoped;

/** Configured sources and their state in {@code ingest_source} (plain JDBC). */
@ApplicationScoped
public class SourceRepository {
    private static final String COLUMNS = "name, dataset, type, status, config, mapping, position, last_run_id, "
        + "last_run_at, runs, records_read, records_stored, records_quarantined, records_deduplicated, last_error, "
        + "last_error_at, created_at, updated_at";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public SourceRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    /** Inserts a new source; false if the name is taken. */
    public boolean insert(String name, String dataset, SourceType type, ObjectNode config, ObjectNode mapping) {
        String sql = "INSERT INTO ingest_source (name, dataset, type, status, config, mapping) "
            + "VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT (name) DO NOTHING";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, dataset);
            ps.setString(3, type.json());
            ps.setString(4, SourceStatus.RUNNING.json());
            ps.setString(5, write(config));
            ps.setString(6, write(mapping));
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store source " + name, e);
        }
    }

    public Optional<Source> find(String name) {
        List<Source> found = query("SELECT " + COLUMNS + " FROM ingest_source WHERE name = ?", name);
        return found.stream().findFirst();
    }

    public List<Source> list() {
        return query("SELECT " + COLUMNS + " FROM ingest_source ORDER BY name", null);
    }

    public boolean delete(String name) {
        return update("DELETE FROM ingest_source WHERE name = ?", name) == 1;
    }

    /** Sets running/paused as the user asked; clears nothing else. */
    public boolean setStatus(String name, SourceStatus status) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "UPDATE ingest_source SET status = ?, updated_at = now() WHERE name = ?")) {
            ps.setString(1, status.json());
            ps.setString(2, name);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not update source " + name, e);
        }
    }

    /**
     * Adds records a run decided to the source's counters and records the position the next poll starts from:
     * a whole run when it ends ({@code runEnded}: counted as one more run), or what an open streaming run decided
     * since it was last counted (its checkpoints, so the counters follow a long run and keep what it acknowledged
     * if the service dies before the run ends). An error status turns back to running.
     */
    public void recordRun(String name, UUID runId, IngestionService.Decided added, boolean runEnded, Instant at,
        ObjectNode position) {
        String sql = "UPDATE ingest_source SET runs = runs + ?, records_read = records_read + ?, "
            + "records_stored = records_stored + ?, records_quarantined = records_quarantined + ?, "
            + "records_deduplicated = records_deduplicated + ?, last_run_id = ?, last_run_at = ?, position = ?::jsonb, "
            + "status = CASE WHEN status = 'error' THEN 'running' ELSE status END, updated_at = now() WHERE name = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, runEnded ? 1 : 0);
            ps.setLong(2, added.read());
            ps.setLong(3, added.stored());
            ps.setLong(4, added.quarantined());
            ps.setLong(5, added.deduplicated());
            ps.setObject(6, runId);
            ps.setTimestamp(7, Timestamp.from(at));
            ps.setString(8, write(position));
            ps.setString(9, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record a run of source " + name, e);
        }
    }

    /** Records a successful attempt that read nothing: an error status turns back to running. */
    public void recordIdle(String name, ObjectNode position) {
        String sql = "UPDATE ingest_source SET position = COALESCE(?::jsonb, position), "
            + "status = CASE WHEN status = 'error' THEN 'running' ELSE status END, updated_at = now() WHERE name = ? "
            + "AND (status = 'error' OR ?::jsonb IS NOT NULL)";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            String pos = position == null ? null : write(position);
            ps.setString(1, pos);
            ps.setString(2, name);
            ps.setString(3, pos);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update source " + name, e);
        }
    }

    /** Records a failed attempt (already scrubbed of secrets); a paused source stays paused. */
    public void recordError(String name, String message, Instant at) {
        String sql = "UPDATE ingest_source SET last_error = ?, last_error_at = ?, "
            + "status = CASE WHEN status = 'paused' THEN status ELSE 'error' END, updated_at = now() WHERE name = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, message);
            ps.setTimestamp(2, Timestamp.from(at));
            ps.setString(3, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record an error of source " + name, e);
        }
    }

    private int update(String sql, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update source " + name, e);
        }
    }

    private List<Source> query(String sql, String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (name != null) {
                ps.setString(1, name);
            }
            List<Source> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Object runId = rs.getObject("last_run_id");
                    out.add(new Source(rs.getString("name"), rs.getString("dataset"), rs.getString("type"),
                        rs.getString("status"), read(rs.getString("config")), read(rs.getString("mapping")),
                        read(rs.getString("position")), runId == null ? null : runId.toString(),
                        instant(rs, "last_run_at"), rs.getLong("runs"), rs.getLong("records_read"),
                        rs.getLong("records_stored"), rs.getLong("records_quarantined"),
                        rs.getLong("records_deduplicated"), rs.getString("last_error"), instant(rs, "last_error_at"),
                        instant(rs, "created_at"), instant(rs, "updated_at")));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read sources", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private String write(ObjectNode node) {
        try {
            return json.writeValueAsString(node == null ? json.createObjectNode() : node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private ObjectNode read(String text) {
        try {
            return text == null ? json.createObjectNode() : (ObjectNode) json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
