package io.meridian.feature.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.google.protobuf.InvalidProtocolBufferException;

import io.meridian.data.v1.Record;
import io.meridian.feature.model.DatasetSummary;
import io.meridian.feature.model.FeatureRow;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/**
 * The offline store (append-only {@code offline_record}), the online store ({@code online_feature}, the latest
 * row per entity key) and the feature catalogue ({@code dataset_feature}), in plain JDBC.
 */
@ApplicationScoped
public class FeatureRepository {
    private static final String INSERT_OFFLINE = """
            INSERT INTO offline_record (dataset, entity_key, event_time, run_id, row_number, contract_version, record)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dataset, run_id, row_number) DO NOTHING""";
    private static final String UPSERT_ONLINE = """
            INSERT INTO online_feature AS o (dataset, entity_key, event_time, run_id, row_number, contract_version, record)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (dataset, entity_key) DO UPDATE SET
                event_time = EXCLUDED.event_time, run_id = EXCLUDED.run_id, row_number = EXCLUDED.row_number,
                contract_version = EXCLUDED.contract_version, record = EXCLUDED.record, updated_at = now()
            WHERE (EXCLUDED.event_time, EXCLUDED.row_number) >= (o.event_time, o.row_number)""";
    private static final String INSERT_FEATURE = """
            INSERT INTO dataset_feature (dataset, feature) VALUES (?, ?) ON CONFLICT DO NOTHING""";
    private static final String TRAINING_PAGE = """
            SELECT DISTINCT ON (entity_key) entity_key, event_time, run_id, row_number, contract_version, record
            FROM offline_record
            WHERE dataset = ? AND event_time <= ? AND entity_key > ?
            ORDER BY entity_key, event_time DESC, row_number DESC, id DESC
            LIMIT ?""";
    private static final String ONLINE_BY_KEYS = """
            SELECT entity_key, event_time, run_id, row_number, contract_version, record
            FROM online_feature WHERE dataset = ? AND entity_key = ANY (?)""";

    private final DataSource dataSource;

    public FeatureRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores a batch in one transaction: appends every row to the offline store (a row already stored for the
     * same dataset, run and row number is left alone), moves the online row of each entity forward when the
     * batch holds a newer one, and records the column names.
     *
     * @return how many rows were new to the offline store
     */
    @Transactional
    public int write(List<FeatureRow> rows) {
        if (rows.isEmpty()) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection()) {
            int inserted = 0;
            try (PreparedStatement ps = connection.prepareStatement(INSERT_OFFLINE)) {
                for (FeatureRow row : rows) {
                    bindRow(ps, row);
                    ps.addBatch();
                }
                for (int count : ps.executeBatch()) {
                    if (count > 0 || count == Statement.SUCCESS_NO_INFO) {
                        inserted++;
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(UPSERT_ONLINE)) {
                for (FeatureRow row : latestPerEntity(rows)) {
                    bindRow(ps, row);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            try (PreparedStatement ps = connection.prepareStatement(INSERT_FEATURE)) {
                for (Map.Entry<String, Set<String>> dataset : featureNames(rows).entrySet()) {
                    for (String feature : dataset.getValue()) {
                        ps.setString(1, dataset.getKey());
                        ps.setString(2, feature);
                        ps.addBatch();
                    }
                }
                ps.executeBatch();
            }
            return inserted;
        } catch (SQLException e) {
            throw new FeatureStoreException("Could not write " + rows.size() + " feature rows", e);
        }
    }

    /** Row and entity counts of a dataset; empty when nothing was ingested for it. */
    public Optional<DatasetSummary> summary(String dataset) {
        try (Connection connection = dataSource.getConnection()) {
            long rows;
            Instant last;
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT count(*), max(event_time) FROM offline_record WHERE dataset = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    rows = rs.getLong(1);
                    last = instant(rs.getObject(2, OffsetDateTime.class));
                }
            }
            if (rows == 0) {
                return Optional.empty();
            }
            long entities;
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT count(*) FROM online_feature WHERE dataset = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    entities = rs.getLong(1);
                }
            }
            return Optional.of(new DatasetSummary(dataset, entities, rows, last));
        } catch (SQLException e) {
            throw new FeatureStoreException("Could not read the summary of dataset " + dataset, e);
        }
    }

    /** The column names seen in a dataset, sorted; empty for an unknown dataset. */
    public Set<String> features(String dataset) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(
                        "SELECT feature FROM dataset_feature WHERE dataset = ? ORDER BY feature")) {
            ps.setString(1, dataset);
            Set<String> features = new TreeSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    features.add(rs.getString(1));
                }
            }
            return features;
        } catch (SQLException e) {
            throw new FeatureStoreException("Could not read the features of dataset " + dataset, e);
        }
    }

    /** True when the offline store holds at least one row of the dataset. */
    public boolean exists(String dataset) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(
                        "SELECT EXISTS (SELECT 1 FROM offline_record WHERE dataset = ?)")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new FeatureStoreException("Could not look up dataset " + dataset, e);
        }
    }

    /**
     * One page of a point-in-time training set: the latest row per entity with an event time at or before
     * {@code asOf}, for entity keys after {@code afterKey} (byte order), at most {@code limit} rows.
     */
    public List<FeatureRow> trainingPage(String dataset, Instant asOf, String afterKey, int limit) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(TRAINING_PAGE)) {
            ps.setString(1, dataset);
            ps.setObject(2, OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC));
            ps.setString(3, afterKey);
            ps.setInt(4, limit);
            List<FeatureRow> rows = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    rows.add(readRow(dataset, rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new FeatureStoreException("Could not read the training set of dataset " + dataset, e);
        }
    }

    /** The online rows of the given entity keys that exist, by key. */
    public Map<String, FeatureRow> online(String dataset, Collection<String> entityKeys) {
        if (entityKeys.isEmpty()) {
            return Map.of();
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(ONLINE_BY_KEYS)) {
            ps.setString(1, dataset);
            ps.setArray(2, connection.createArrayOf("text", entityKeys.toArray()));
            Map<String, FeatureRow> rows = new LinkedHashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    FeatureRow row = readRow(dataset, rs);
                    rows.put(row.entityKey(), row);
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new FeatureStoreException("Could not read online features of dataset " + dataset, e);
        }
    }

    /** The newest row of each (dataset, entity) in a batch, sorted so concurrent writers lock in one order. */
    static Collection<FeatureRow> latestPerEntity(List<FeatureRow> rows) {
        Map<List<String>, FeatureRow> latest = new TreeMap<>(
                (a, b) -> a.get(0).equals(b.get(0)) ? a.get(1).compareTo(b.get(1)) : a.get(0).compareTo(b.get(0)));
        for (FeatureRow row : rows) {
            latest.merge(List.of(row.dataset(), row.entityKey()), row,
                    (current, candidate) -> candidate.isNewerOrSameAs(current) ? candidate : current);
        }
        return latest.values();
    }

    private static Map<String, Set<String>> featureNames(List<FeatureRow> rows) {
        Map<String, Set<String>> names = new TreeMap<>();
        for (FeatureRow row : rows) {
            names.computeIfAbsent(row.dataset(), d -> new TreeSet<>()).addAll(row.values().getFieldsMap().keySet());
        }
        return names;
    }

    private static void bindRow(PreparedStatement ps, FeatureRow row) throws SQLException {
        ps.setString(1, row.dataset());
        ps.setString(2, row.entityKey());
        ps.setObject(3, OffsetDateTime.ofInstant(row.eventTime(), ZoneOffset.UTC));
        ps.setString(4, row.runId());
        ps.setLong(5, row.rowNumber());
        ps.setInt(6, row.contractVersion());
        ps.setBytes(7, row.values().toByteArray());
    }

    private static FeatureRow readRow(String dataset, ResultSet rs) throws SQLException {
        String key = rs.getString("entity_key");
        try {
            return new FeatureRow(dataset, key, instant(rs.getObject("event_time", OffsetDateTime.class)),
                    rs.getString("run_id"), rs.getLong("row_number"), rs.getInt("contract_version"),
                    Record.parseFrom(rs.getBytes("record")));
        } catch (InvalidProtocolBufferException e) {
            throw new SQLException("Stored record of " + dataset + "/" + key + " is not a Record", e);
        }
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
