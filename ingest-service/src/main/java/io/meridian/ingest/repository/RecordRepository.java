package io.meridian.ingest.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import io.meridian.ingest.model.RecordFilter;
import io.meridian.ingest.model.StoredRecord;
import io.meridian.ingest.model.ValidRecord;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Curated records in {@code curated_record}. Duplicate keys are kept as separate rows (deduplication is
 * a later step); readers see them in ingestion order.
 */
@ApplicationScoped
public class RecordRepository {
    private static final String COPY_SQL = "COPY curated_record (dataset, record_key, contract_version, run_id, "
        + "row_number, record_values, ingested_at) FROM STDIN (FORMAT binary)";
    private static final int COPY_COLUMNS = 7;
    private static final String LAST_ISSUED_ID_SQL = "SELECT last_value FROM curated_record_id_seq";
    /** currval: the id of the batch's last row, drawn by this session's COPY. */
    private static final String RECORD_BATCH_SQL = "INSERT INTO curated_record_batch (run_id, dataset, first_id, "
        + "last_id) VALUES (?, ?, ?, currval('curated_record_id_seq'))";
    /** Bytes of COPY data sent to the server at a time. */
    private static final int CHUNK_BYTES = 64 * 1024;

    private final DataSource dataSource;

    public RecordRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores one batch with PostgreSQL {@code COPY ... FROM STDIN} (binary format, see {@link CopyRows}; the values
     * as a JSON object) in one transaction: about four times the rate of batched INSERTs. {@code beforeCommit} runs after the copy and
     * before the commit (the service publishes the batch there and waits for the broker); if it throws, the
     * batch is rolled back, so rows are committed only once Kafka has acknowledged them.
     */
    public void insertBatch(String dataset, int contractVersion, UUID runId, Instant ingestedAt,
        List<ValidRecord> records, Runnable beforeCommit) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                long firstId = lastIssuedId(c);
                copy(c, dataset, contractVersion, runId, ingestedAt, records);
                if (!records.isEmpty()) {
                    recordBatch(c, runId, dataset, firstId);
                }
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

    /**
     * The id sequence's last value: every id issued after it is larger (the sequence may not have issued it yet,
     * so it is an inclusive lower bound of the next batch's ids).
     */
    private static long lastIssuedId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(LAST_ISSUED_ID_SQL)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Records the batch's id range, [first id, the last id this session drew], in the batch's transaction. */
    private static void recordBatch(Connection c, UUID runId, String dataset, long firstId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(RECORD_BATCH_SQL)) {
            ps.setObject(1, runId);
            ps.setString(2, dataset);
            ps.setLong(3, firstId);
            ps.executeUpdate();
        }
    }

    private static void copy(Connection c, String dataset, int contractVersion, UUID runId, Instant ingestedAt,
        List<ValidRecord> records) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY_SQL);
        try {
            CopyRows rows = CopyRows.copyBinary(CHUNK_BYTES + 8192);
            for (ValidRecord r : records) {
                rows.row(COPY_COLUMNS).column(dataset).column(r.key()).column(contractVersion).column(runId)
                    .column(r.row()).json(r.values(), r.outliers()).column(ingestedAt);
                if (rows.length() >= CHUNK_BYTES) {
                    write(in, rows);
                }
            }
            write(in, rows.end());
            in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
    }

    private static void write(CopyIn in, CopyRows rows) throws SQLException {
        if (rows.length() > 0) {
            in.writeToCopy(rows.buffer(), 0, rows.length());
            rows.reset();
        }
    }

    /**
     * Up to {@code limit} records of the dataset that match {@code filter}, with an id above {@code afterId}, in
     * ingestion order (keyset paging: pass the last id read as the next {@code afterId}).
     */
    public List<StoredRecord> page(String dataset, RecordFilter filter, long afterId, int limit) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(pageSql(filter))) {
            bindPage(ps, dataset, filter, afterId, limit);
            List<StoredRecord> out = new ArrayList<>(limit);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new StoredRecord(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getString(5), rs.getTimestamp(6).toInstant()));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("could not read records of " + dataset, e);
        }
    }

    /**
     * The page query, with only the filters that are set, so that each can use its index: {@code (dataset, id)}
     * (the primary key) for the paging, the B-tree {@code (dataset, record_key)} for a key; a run's records are
     * read from the id range of its batches ({@code curated_record_batch}) along the primary key. A condition like
     * {@code (? IS NULL OR run_id = ?)} would instead be planned once for any value and use none of them.
     * Parameters in order: dataset, afterId, [runId x3], [key], limit.
     */
    static String pageSql(RecordFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT id, record_key, contract_version, record_values, run_id, "
            + "ingested_at FROM curated_record WHERE dataset = ? AND id > ?");
        if (filter.runId() != null) {
            sql.append(" AND id >= (SELECT min(first_id) FROM curated_record_batch WHERE run_id = ?)")
                .append(" AND id <= (SELECT max(last_id) FROM curated_record_batch WHERE run_id = ?)")
                .append(" AND run_id = ?");
        }
        if (filter.key() != null) {
            sql.append(" AND record_key = ?");
        }
        return sql.append(" ORDER BY id LIMIT ?").toString();
    }

    /** Binds the parameters of {@link #pageSql(RecordFilter)}. */
    static void bindPage(PreparedStatement ps, String dataset, RecordFilter filter, long afterId, int limit)
        throws SQLException {
        int i = 1;
        ps.setString(i++, dataset);
        ps.setLong(i++, afterId);
        if (filter.runId() != null) {
            ps.setObject(i++, filter.runId());
            ps.setObject(i++, filter.runId());
            ps.setObject(i++, filter.runId());
        }
        if (filter.key() != null) {
            ps.setString(i++, filter.key());
        }
        ps.setInt(i, limit);
    }
}
