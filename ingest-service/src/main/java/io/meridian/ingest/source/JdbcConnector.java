package io.meridian.ingest.source;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * JDBC polling: runs {@code query} with the last watermark bound to its one {@code ?} (e.g.
 * {@code SELECT ... FROM orders WHERE updated_at > ? ORDER BY updated_at}), reads up to {@code maxRows} rows,
 * ingests them as one run, and only then records the watermark of the last row (position
 * {@code {"watermark":..,"watermarkType":"timestamp|number|string"}}), so a restart resumes from it. The
 * poll's rows are read completely before the run starts: a database failing mid-read stores nothing and the
 * same rows are read again on the retry. Delivery is at-least-once (a crash between storing and recording
 * the watermark reads the last poll again).
 */
final class JdbcConnector implements Connector {
    record Settings(String url, String user, String userEnv, String passwordEnv, String query, String watermarkColumn,
        String initialWatermark, String keyColumn, long intervalMs, int maxRows, int queryTimeoutSeconds) {

        static Settings parse(SourceConfig c) {
            String url = c.string("url");
            if (!url.startsWith("jdbc:")) {
                throw new ConfigException(c.field("url"), "'config.url' must be a JDBC URL (jdbc:...).");
            }
            String query = c.string("query");
            if (query.chars().filter(ch -> ch == '?').count() != 1) {
                throw new ConfigException(c.field("query"), "'config.query' must have exactly one '?' where the "
                    + "last watermark is bound, e.g. SELECT ... WHERE updated_at > ? ORDER BY updated_at.");
            }
            return new Settings(url, c.string("user", null), c.envName("userEnv", false),
                c.envName("passwordEnv", false), query, c.string("watermarkColumn"),
                c.has("initialWatermark") ? FieldMapper.text(c.node().get("initialWatermark")) : null,
                c.string("keyColumn", null), c.number("intervalMs", 10_000, 10, 86_400_000),
                (int) c.number("maxRows", 10_000, 1, 1_000_000), (int) c.number("queryTimeoutSeconds", 60, 1, 3600));
        }
    }

    private final Settings settings;
    private final String user;
    private final String password;

    JdbcConnector(SourceContext context) {
        this.settings = Settings.parse(context.config());
        this.user = settings.userEnv() != null ? context.secrets().resolve(settings.userEnv()) : settings.user();
        this.password = settings.passwordEnv() != null ? context.secrets().resolve(settings.passwordEnv()) : null;
    }

    @Override
    public boolean poll(SourceContext context) throws SQLException {
        ObjectNode position = context.position();
        ObjectMapper json = context.json();
        List<ObjectNode> rows = new ArrayList<>();
        Object lastWatermark = null;
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", "10");
        props.setProperty("loginTimeout", "10");
        try (Connection connection = DriverManager.getConnection(settings.url(), props);
             PreparedStatement ps = connection.prepareStatement(settings.query())) {
            connection.setReadOnly(true);
            ps.setMaxRows(settings.maxRows());
            ps.setFetchSize(Math.min(settings.maxRows(), 1000));
            ps.setQueryTimeout(settings.queryTimeoutSeconds());
            bindWatermark(ps, position);
            try (ResultSet rs = ps.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                int watermarkIndex = column(meta, settings.watermarkColumn());
                while (rs.next()) {
                    ObjectNode row = json.createObjectNode();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        put(row, meta.getColumnLabel(i), rs.getObject(i));
                    }
                    rows.add(row);
                    lastWatermark = rs.getObject(watermarkIndex);
                }
            }
        }
        if (rows.isEmpty()) {
            context.idle(null);
            return false;
        }
        SourceRun run = context.startRun();
        for (ObjectNode row : rows) {
            run.offer(coordinates(row, run.count() + 1), row, null, row.toString());
        }
        var summary = context.finishRun();
        ObjectNode next = position.deepCopy();
        if (lastWatermark != null) {
            next.put("watermarkType", watermarkType(lastWatermark));
            next.put("watermark", watermarkText(lastWatermark));
        }
        context.completed(summary, next);
        return rows.size() >= settings.maxRows();
    }

    private String coordinates(ObjectNode row, long n) {
        if (settings.keyColumn() != null) {
            JsonNode key = row.get(settings.keyColumn());
            return "jdbc:" + settings.keyColumn() + "=" + (key == null ? "null" : FieldMapper.text(key));
        }
        return "jdbc:row " + n;
    }

    private void bindWatermark(PreparedStatement ps, ObjectNode position) throws SQLException {
        String type = position.path("watermarkType").asText(null);
        String value = position.path("watermark").asText(null);
        if (value == null) {
            value = settings.initialWatermark() == null ? "1970-01-01T00:00:00Z" : settings.initialWatermark();
            type = guessType(value);
        }
        switch (type) {
            case "timestamp" -> ps.setTimestamp(1, Timestamp.from(Instant.parse(value)));
            case "number" -> ps.setBigDecimal(1, new BigDecimal(value));
            default -> ps.setString(1, value);
        }
    }

    private static String guessType(String value) {
        try {
            Instant.parse(value);
            return "timestamp";
        } catch (DateTimeParseException e) {
            try {
                new BigDecimal(value);
                return "number";
            } catch (NumberFormatException nfe) {
                return "string";
            }
        }
    }

    private static int column(ResultSetMetaData meta, String name) throws SQLException {
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (meta.getColumnLabel(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new SQLException("the query returns no watermark column '" + name + "'");
    }

    private static String watermarkType(Object v) {
        if (v instanceof Timestamp || v instanceof OffsetDateTime || v instanceof Instant) {
            return "timestamp";
        }
        return v instanceof Number ? "number" : "string";
    }

    private static String watermarkText(Object v) {
        if (v instanceof Timestamp t) {
            return t.toInstant().toString();
        }
        if (v instanceof OffsetDateTime o) {
            return o.toInstant().toString();
        }
        if (v instanceof BigDecimal b) {
            return b.toPlainString();
        }
        return v.toString();
    }

    private static void put(ObjectNode row, String column, Object v) {
        if (v == null) {
            row.putNull(column);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            row.put(column, ((Number) v).longValue());
        } else if (v instanceof BigDecimal b) {
            row.put(column, b);
        } else if (v instanceof Double || v instanceof Float) {
            row.put(column, ((Number) v).doubleValue());
        } else if (v instanceof Boolean b) {
            row.put(column, b);
        } else if (v instanceof Timestamp || v instanceof OffsetDateTime) {
            row.put(column, watermarkText(v));
        } else {
            row.put(column, v.toString());
        }
    }

    @Override
    public long idleMillis() {
        return settings.intervalMs();
    }

    @Override
    public void close() {
        // a connection per poll: nothing held between polls
    }
}
