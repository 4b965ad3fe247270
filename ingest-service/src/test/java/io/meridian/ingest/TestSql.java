package io.meridian.ingest;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import javax.sql.DataSource;

/** Reads of the service's tables in tests. */
public final class TestSql {
    private TestSql() {
    }

    /** The single number {@code sql} returns with its one parameter bound to {@code parameter}. */
    public static long count(DataSource dataSource, String sql, String parameter) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, parameter);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
