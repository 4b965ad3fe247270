package io.meridian.ingest.repository;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.meridian.ingest.model.DataProfile;
import io.meridian.ingest.model.DataProfile.FieldProfile;
import io.meridian.ingest.model.DataProfile.ValueCount;
import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.model.FieldDefinition;
import io.meridian.ingest.model.FieldType;
import io.meridian.ingest.service.quality.FieldStats;
import jakarta.enterprise.context.ApplicationScoped;

/** Statistics computed with SQL over the curated records' JSON values (percentile_cont, stddev_samp, ...). */
@ApplicationScoped
public class ProfileRepository {
    private static final String[] QUANTILE_NAMES = {"p05", "p25", "p50", "p75", "p95"};
    private static final int TOP_VALUES = 5;

    private final DataSource dataSource;

    public ProfileRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Statistics of one field for imputation and outlier handling (numeric ones null for non-numeric fields). */
    public FieldStats stats(String dataset, FieldDefinition field) {
        String numeric = "SELECT count(v), avg(v), stddev_samp(v), percentile_cont(0.5) WITHIN GROUP (ORDER BY v), "
            + "percentile_cont(0.25) WITHIN GROUP (ORDER BY v), percentile_cont(0.75) WITHIN GROUP (ORDER BY v) "
            + "FROM (SELECT (record_values::json ->> ?)::double precision AS v FROM curated_record "
            + "WHERE dataset = ? AND record_values::json ->> ? IS NOT NULL) t";
        try (Connection c = dataSource.getConnection()) {
            String mode = top(c, dataset, field.name(), 1).stream().findFirst().map(ValueCount::value).orElse(null);
            if (!field.numeric()) {
                return new FieldStats(count(c, dataset, field.name()), null, null, null, null, null, mode);
            }
            try (PreparedStatement ps = c.prepareStatement(numeric)) {
                ps.setString(1, field.name());
                ps.setString(2, dataset);
                ps.setString(3, field.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new FieldStats(rs.getLong(1), dbl(rs, 2), dbl(rs, 3), dbl(rs, 4), dbl(rs, 5), dbl(rs, 6),
                        mode);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not compute statistics of " + dataset + "." + field.name(), e);
        }
    }

    /** The profile of the dataset's curated records under its current contract's fields. */
    public DataProfile profile(DatasetContract contract) {
        String dataset = contract.name();
        try (Connection c = dataSource.getConnection()) {
            long records;
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM curated_record WHERE dataset = ?")) {
                ps.setString(1, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    records = rs.getLong(1);
                }
            }
            List<FieldProfile> fields = new ArrayList<>();
            for (FieldDefinition f : contract.fields()) {
                fields.add(field(c, dataset, f, records));
            }
            return new DataProfile(dataset, contract.version(), records, fields);
        } catch (SQLException e) {
            throw new IllegalStateException("could not profile " + dataset, e);
        }
    }

    private FieldProfile field(Connection c, String dataset, FieldDefinition f, long records) throws SQLException {
        String base = "SELECT count(record_values::json ->> ?), count(DISTINCT record_values::json ->> ?) FROM curated_record "
            + "WHERE dataset = ?";
        long count;
        long distinct;
        try (PreparedStatement ps = c.prepareStatement(base)) {
            ps.setString(1, f.name());
            ps.setString(2, f.name());
            ps.setString(3, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                count = rs.getLong(1);
                distinct = rs.getLong(2);
            }
        }
        List<ValueCount> top = top(c, dataset, f.name(), TOP_VALUES);
        Object min = null;
        Object max = null;
        Double mean = null;
        Double stddev = null;
        Map<String, Double> quantiles = null;
        if (f.numeric() && count > 0) {
            String sql = "SELECT min(v), max(v), avg(v), stddev_samp(v), percentile_cont(ARRAY[0.05, 0.25, 0.5, 0.75, "
                + "0.95]) WITHIN GROUP (ORDER BY v) FROM (SELECT (record_values::json ->> ?)::double precision AS v "
                + "FROM curated_record WHERE dataset = ? AND record_values::json ->> ? IS NOT NULL) t";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, f.name());
                ps.setString(2, dataset);
                ps.setString(3, f.name());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    min = number(f, dbl(rs, 1));
                    max = number(f, dbl(rs, 2));
                    mean = dbl(rs, 3);
                    stddev = dbl(rs, 4);
                    Array q = rs.getArray(5);
                    quantiles = new LinkedHashMap<>();
                    Object[] values = (Object[]) q.getArray();
                    for (int i = 0; i < QUANTILE_NAMES.length; i++) {
                        quantiles.put(QUANTILE_NAMES[i], values[i] == null ? null : ((Number) values[i]).doubleValue());
                    }
                }
            }
        } else if (f.type() == FieldType.TIMESTAMP && count > 0) {
            String sql = "SELECT min((record_values::json ->> ?)::timestamptz), max((record_values::json ->> ?)::timestamptz) "
                + "FROM curated_record WHERE dataset = ?";
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, f.name());
                ps.setString(2, f.name());
                ps.setString(3, dataset);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    min = rs.getTimestamp(1).toInstant().toString();
                    max = rs.getTimestamp(2).toInstant().toString();
                }
            }
        }
        return new FieldProfile(f.name(), f.type(), count, records - count, distinct, min, max, mean, stddev,
            quantiles, top);
    }

    private static Object number(FieldDefinition f, Double d) {
        return d == null ? null : f.type() == FieldType.INTEGER ? (Object) d.longValue() : d;
    }

    private static long count(Connection c, String dataset, String field) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT count(record_values::json ->> ?) FROM curated_record WHERE dataset = ?")) {
            ps.setString(1, field);
            ps.setString(2, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<ValueCount> top(Connection c, String dataset, String field, int limit) throws SQLException {
        String sql = "SELECT record_values::json ->> ? AS v, count(*) AS n FROM curated_record WHERE dataset = ? "
            + "AND record_values::json ->> ? IS NOT NULL GROUP BY 1 ORDER BY n DESC, v LIMIT ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, field);
            ps.setString(2, dataset);
            ps.setString(3, field);
            ps.setInt(4, limit);
            List<ValueCount> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ValueCount(rs.getString(1), rs.getLong(2)));
                }
            }
            return out;
        }
    }

    private static Double dbl(ResultSet rs, int column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }
}
