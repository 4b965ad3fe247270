package io.meridian.training.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.training.model.Job;
import io.meridian.training.model.JobResult;
import io.meridian.training.model.JobSpec;
import io.meridian.training.model.JobState;
import jakarta.enterprise.context.ApplicationScoped;

/** Training jobs in PostgreSQL (table {@code training_job}), plain JDBC. */
@ApplicationScoped
public class JobRepository {
    private static final String COLUMNS = "id, spec, state, progress, message, failure_reason, metrics, "
        + "model_name, model_version, ignored_features, result, created_at, updated_at";
    private static final TypeReference<Map<String, Double>> METRICS = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> NAMES = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final ObjectMapper json;

    public JobRepository(DataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public void insert(Job job) {
        String sql = "INSERT INTO training_job (id, dataset, algorithm, spec, state, progress, message, failure_reason,"
            + " metrics, model_name, model_version, ignored_features, result, created_at, updated_at)"
            + " VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?::jsonb, ?, ?, ?::jsonb, ?::jsonb, ?, ?)";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, UUID.fromString(job.id()));
            s.setString(2, job.spec().source());
            s.setString(3, job.spec().algorithm());
            s.setString(4, write(job.spec()));
            s.setString(5, job.state().name());
            s.setDouble(6, job.progress());
            s.setString(7, job.message());
            s.setString(8, job.failureReason());
            s.setString(9, write(job.metrics()));
            s.setString(10, job.modelName());
            setLong(s, 11, job.modelVersion());
            s.setString(12, write(job.ignoredFeatures()));
            s.setString(13, job.result() == null ? null : write(job.result()));
            s.setTimestamp(14, Timestamp.from(job.createdAt()));
            s.setTimestamp(15, Timestamp.from(job.updatedAt()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not store training job " + job.id(), e);
        }
    }

    /** Writes every mutable column of the job. */
    public void update(Job job) {
        String sql = "UPDATE training_job SET state = ?, progress = ?, message = ?, failure_reason = ?,"
            + " metrics = ?::jsonb, model_name = ?, model_version = ?, ignored_features = ?::jsonb, result = ?::jsonb,"
            + " updated_at = ? WHERE id = ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, job.state().name());
            s.setDouble(2, job.progress());
            s.setString(3, job.message());
            s.setString(4, job.failureReason());
            s.setString(5, write(job.metrics()));
            s.setString(6, job.modelName());
            setLong(s, 7, job.modelVersion());
            s.setString(8, write(job.ignoredFeatures()));
            s.setString(9, job.result() == null ? null : write(job.result()));
            s.setTimestamp(10, Timestamp.from(job.updatedAt()));
            s.setObject(11, UUID.fromString(job.id()));
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not update training job " + job.id(), e);
        }
    }

    /** The job, or empty when unknown (including ids that are not UUIDs). */
    public Optional<Job> find(String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM training_job WHERE id = ?")) {
            s.setObject(1, uuid);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(read(r)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read training job " + id, e);
        }
    }

    /** The newest jobs first, at most {@code limit}, only those in {@code state} when it is not null. */
    public List<Job> list(JobState state, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM training_job" + (state == null ? "" : " WHERE state = ?")
            + " ORDER BY created_at DESC, id LIMIT ?";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            if (state != null) {
                s.setString(i++, state.name());
            }
            s.setInt(i, limit);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    jobs.add(read(r));
                }
            }
            return jobs;
        } catch (SQLException e) {
            throw new IllegalStateException("could not list training jobs", e);
        }
    }

    /** Marks every QUEUED or RUNNING job FAILED with {@code reason}; returns how many. */
    public int failUnfinished(String reason) {
        String sql = "UPDATE training_job SET state = 'FAILED', failure_reason = ?, message = 'failed',"
            + " updated_at = now() WHERE state IN ('QUEUED', 'RUNNING')";
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, reason);
            return s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not recover unfinished training jobs", e);
        }
    }

    private Job read(ResultSet r) throws SQLException {
        long version = r.getLong("model_version");
        Long modelVersion = r.wasNull() ? null : version;
        String result = r.getString("result");
        try {
            return new Job(r.getObject("id").toString(), json.readValue(r.getString("spec"), JobSpec.class),
                JobState.valueOf(r.getString("state")), r.getDouble("progress"), r.getString("message"),
                r.getString("failure_reason"), json.readValue(r.getString("metrics"), METRICS),
                r.getString("model_name"), modelVersion, json.readValue(r.getString("ignored_features"), NAMES),
                result == null ? null : json.readValue(result, JobResult.class),
                r.getTimestamp("created_at").toInstant(), r.getTimestamp("updated_at").toInstant());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable training job row " + r.getObject("id"), e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON column", e);
        }
    }

    private static void setLong(PreparedStatement s, int index, Long value) throws SQLException {
        if (value == null) {
            s.setNull(index, Types.BIGINT);
        } else {
            s.setLong(index, value);
        }
    }
}
