package io.meridian.registry.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.registry.model.AuditEntry;
import io.meridian.registry.model.ModelInput;
import io.meridian.registry.model.ModelVersion;
import io.meridian.registry.model.NewModelVersion;
import io.meridian.registry.model.RegisteredModel;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * SQL of the registry (plain JDBC). Every method takes the connection of the caller's transaction;
 * {@link io.meridian.registry.service.RegistryService} owns the transaction boundaries.
 */
@ApplicationScoped
public class RegistryRepository {
    private static final TypeReference<List<ModelInput>> INPUTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> TAGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() { };

    private static final String VERSION_COLUMNS = "v.model_name, v.version, v.format, v.description, v.inputs, "
        + "v.outputs, v.metrics, v.tags, v.source_job_id, v.artifact_sha256, v.artifact_size_bytes, "
        + "v.artifact_location, v.created_by, v.created_at, "
        + "COALESCE((SELECT array_agg(a.alias ORDER BY a.alias) FROM model_alias a "
        + "WHERE a.model_name = v.model_name AND a.version = v.version), '{}') AS aliases";

    private final ObjectMapper json;

    public RegistryRepository(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Hands out the next version number of {@code model}, registering the model if it is new. The
     * model row stays locked until the transaction ends, so concurrent uploads get distinct, gap-free
     * numbers (a rolled-back upload returns its number).
     */
    public long allocateVersion(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "INSERT INTO registered_model (name) VALUES (?) ON CONFLICT (name) DO NOTHING")) {
            ps.setString(1, model);
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE registered_model SET latest_version = latest_version + 1, "
            + "updated_at = now() WHERE name = ? RETURNING latest_version")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Locks a model row for the rest of the transaction; false if the model is unknown. */
    public boolean lockModel(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM registered_model WHERE name = ? FOR UPDATE")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    public void insertVersion(Connection c, NewModelVersion meta, String format, long version, String sha256,
        long sizeBytes, String location, String subject) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_version (model_name, version, format, "
            + "description, inputs, outputs, metrics, tags, source_job_id, artifact_sha256, artifact_size_bytes, "
            + "artifact_location, created_by) VALUES (?, ?, ?, ?, ?::jsonb, ?::jsonb, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?)")) {
            ps.setString(1, meta.modelName());
            ps.setLong(2, version);
            ps.setString(3, format);
            ps.setString(4, meta.description());
            ps.setString(5, write(meta.inputs()));
            ps.setString(6, write(meta.outputs()));
            ps.setString(7, write(meta.metrics()));
            ps.setString(8, write(meta.tags()));
            ps.setString(9, meta.sourceJobId());
            ps.setString(10, sha256);
            ps.setLong(11, sizeBytes);
            ps.setString(12, location);
            ps.setString(13, subject);
            ps.executeUpdate();
        }
    }

    public Optional<ModelVersion> findVersion(Connection c, String model, long version) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
            + " FROM model_version v WHERE v.model_name = ? AND v.version = ?")) {
            ps.setString(1, model);
            ps.setLong(2, version);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.empty();
            }
        }
    }

    public List<ModelVersion> listVersions(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + VERSION_COLUMNS
            + " FROM model_version v WHERE v.model_name = ? ORDER BY v.version")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                List<ModelVersion> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(version(rs));
                }
                return out;
            }
        }
    }

    public Optional<RegisteredModel> findModel(Connection c, String model) throws SQLException {
        List<RegisteredModel> found = models(c, "WHERE m.name = ?", model);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    public List<RegisteredModel> listModels(Connection c) throws SQLException {
        return models(c, "", null);
    }

    private List<RegisteredModel> models(Connection c, String where, String param) throws SQLException {
        String sql = "SELECT m.name, m.latest_version, m.created_at, m.updated_at, "
            + "COALESCE((SELECT jsonb_object_agg(a.alias, a.version) FROM model_alias a WHERE a.model_name = m.name), "
            + "'{}'::jsonb) AS aliases FROM registered_model m " + where + " ORDER BY m.name";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            if (param != null) {
                ps.setString(1, param);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<RegisteredModel> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Long> aliases = new LinkedHashMap<>();
                    read(rs.getString("aliases"), new TypeReference<Map<String, Long>>() { })
                        .entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .forEach(e -> aliases.put(e.getKey(), e.getValue()));
                    out.add(new RegisteredModel(rs.getString("name"), rs.getLong("latest_version"), aliases,
                        instant(rs, "created_at"), instant(rs, "updated_at")));
                }
                return out;
            }
        }
    }

    /** The version an alias points to, if the alias exists. */
    public Optional<Long> findAlias(Connection c, String model, String alias) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT version FROM model_alias WHERE model_name = ? AND alias = ?")) {
            ps.setString(1, model);
            ps.setString(2, alias);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
            }
        }
    }

    public void upsertAlias(Connection c, String model, String alias, long version, String subject)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO model_alias (model_name, alias, version, "
            + "updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (model_name, alias) DO UPDATE SET version = "
            + "EXCLUDED.version, updated_by = EXCLUDED.updated_by, updated_at = now()")) {
            ps.setString(1, model);
            ps.setString(2, alias);
            ps.setLong(3, version);
            ps.setString(4, subject);
            ps.executeUpdate();
        }
    }

    public void appendAudit(Connection c, String model, String action, String subject, Long version, String alias,
        Map<String, Object> details) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO audit_event (model_name, action, subject, "
            + "version, alias, details) VALUES (?, ?, ?, ?, ?, ?::jsonb)")) {
            ps.setString(1, model);
            ps.setString(2, action);
            ps.setString(3, subject);
            ps.setObject(4, version);
            ps.setString(5, alias);
            ps.setString(6, write(details));
            ps.executeUpdate();
        }
    }

    public List<AuditEntry> listAudit(Connection c, String model) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, model_name, action, subject, version, alias, "
            + "details, at FROM audit_event WHERE model_name = ? ORDER BY id")) {
            ps.setString(1, model);
            try (ResultSet rs = ps.executeQuery()) {
                List<AuditEntry> out = new ArrayList<>();
                while (rs.next()) {
                    long v = rs.getLong("version");
                    Long version = rs.wasNull() ? null : v;
                    out.add(new AuditEntry(rs.getLong("id"), rs.getString("model_name"), rs.getString("action"),
                        rs.getString("subject"), version, rs.getString("alias"), read(rs.getString("details"), DETAILS),
                        instant(rs, "at")));
                }
                return out;
            }
        }
    }

    /** Queues an event in the outbox, inside the caller's transaction. */
    public void enqueueEvent(Connection c, UUID eventId, String topic, String key, String type, byte[] payload)
        throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO event_outbox (event_id, topic, event_key, "
            + "event_type, payload) VALUES (?, ?, ?, ?, ?)")) {
            ps.setObject(1, eventId);
            ps.setString(2, topic);
            ps.setString(3, key);
            ps.setString(4, type);
            ps.setBytes(5, payload);
            ps.executeUpdate();
        }
    }

    /** Unpublished events, oldest first, locked for this transaction (other relays skip them). */
    public List<OutboxEvent> lockPendingEvents(Connection c, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id, event_id, topic, event_key, event_type, payload, "
            + "created_at, attempts FROM event_outbox WHERE sent_at IS NULL ORDER BY id LIMIT ? "
            + "FOR UPDATE SKIP LOCKED")) {
            ps.setInt(1, limit);
            try (ResultSet rs = ps.executeQuery()) {
                List<OutboxEvent> out = new ArrayList<>();
                while (rs.next()) {
                    out.add(new OutboxEvent(rs.getLong("id"), rs.getObject("event_id", UUID.class),
                        rs.getString("topic"), rs.getString("event_key"), rs.getString("event_type"),
                        rs.getBytes("payload"), instant(rs, "created_at"), rs.getInt("attempts")));
                }
                return out;
            }
        }
    }

    public void markSent(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE event_outbox SET sent_at = now(), "
            + "attempts = attempts + 1, last_error = NULL WHERE id = ?")) {
            ps.setLong(1, id);
            ps.executeUpdate();
        }
    }

    public void markFailed(Connection c, long id, String error) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "UPDATE event_outbox SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            ps.setString(1, error);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    /** How many events wait to be published. */
    public long countPendingEvents(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM event_outbox WHERE sent_at IS NULL");
            ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** An event waiting in the outbox. */
    public record OutboxEvent(long id, UUID eventId, String topic, String key, String type, byte[] payload,
        Instant createdAt, int attempts) {
    }

    private ModelVersion version(ResultSet rs) throws SQLException {
        String[] aliases = (String[]) rs.getArray("aliases").getArray();
        return new ModelVersion(rs.getString("model_name"), rs.getLong("version"), rs.getString("format"),
            rs.getString("description"), read(rs.getString("inputs"), INPUTS), read(rs.getString("outputs"), STRINGS),
            read(rs.getString("metrics"), METRICS), read(rs.getString("tags"), TAGS), rs.getString("source_job_id"),
            rs.getString("artifact_sha256"), rs.getLong("artifact_size_bytes"), rs.getString("artifact_location"),
            rs.getString("created_by"), instant(rs, "created_at"), List.of(aliases));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("corrupt JSON column", e);
        }
    }
}
