package io.meridian.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.meridian.ingest.model.RecordFilter;
import io.meridian.ingest.model.StoredRecord;
import io.meridian.ingest.model.ValidRecord;
import io.meridian.ingest.rest.TestContracts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * How PostgreSQL runs the filtered page query of {@link RecordRepository#page(String, RecordFilter, long, int)}:
 * EXPLAIN of the very statement the repository sends, over a dataset large enough (and analysed) for the planner to
 * prefer an index to a scan of the table. A key uses the (dataset, record_key) B-tree, paging the primary key, a run
 * the id range of its batches along the primary key.
 */
@QuarkusTest
class RecordQueryPlanTest {
    private static final String DATASET = "plan-records";
    private static final int ROWS_PER_RUN = 10_000;
    private static final int KEYS = 2_000;

    @Inject
    RecordRepository records;
    @Inject
    RunRepository runs;
    @Inject
    DataSource dataSource;

    private static UUID firstRun;
    private static UUID secondRun;

    /** Two runs of {@value #ROWS_PER_RUN} records each over {@value #KEYS} keys, stored once through the COPY path. */
    @BeforeEach
    void store() throws SQLException {
        if (firstRun != null) {
            return;
        }
        TestContracts.createChurn(DATASET);
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        for (UUID run : List.of(first, second)) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
            runs.start(run, DATASET, 1, "test", at);
            List<ValidRecord> batch = new ArrayList<>(ROWS_PER_RUN);
            for (int i = 0; i < ROWS_PER_RUN; i++) {
                batch.add(new ValidRecord(i + 1, "k" + (i % KEYS), Map.of("n", (long) i)));
            }
            records.insertBatch(DATASET, 1, run, at, batch, () -> { });
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("ANALYZE curated_record");
        }
        firstRun = first;
        secondRun = second;
    }

    @Test
    void aKeyIsFoundThroughTheKeyIndex() throws SQLException {
        String plan = explain(new RecordFilter(null, "k42"));
        assertTrue(plan.contains("curated_record_dataset_key"), plan);
        assertFalse(plan.contains("Seq Scan"), plan);
        String both = explain(new RecordFilter(secondRun, "k42"));
        assertTrue(both.contains("curated_record_dataset_key"), both);
    }

    @Test
    void pagesFollowThePrimaryKey() throws SQLException {
        String plan = explain(RecordFilter.ALL);
        assertTrue(plan.contains("curated_record_pkey"), plan);
        String ofRun = explain(new RecordFilter(firstRun, null));
        assertTrue(ofRun.contains("curated_record_pkey"), "a run's id range along the primary key:\n" + ofRun);
        assertFalse(ofRun.contains("Seq Scan on curated_record "), ofRun);
        assertFalse(ofRun.contains("Sort"), "in id order without sorting the run's records:\n" + ofRun);
    }

    @Test
    void theFilteredPagesHoldWhatTheyShould() {
        List<StoredRecord> ofKey = records.page(DATASET, new RecordFilter(null, "k42"), 0, 100);
        assertEquals(2 * ROWS_PER_RUN / KEYS, ofKey.size());
        assertTrue(ofKey.stream().allMatch(r -> r.key().equals("k42")));
        List<StoredRecord> ofBoth = records.page(DATASET, new RecordFilter(secondRun, "k42"), 0, 100);
        assertEquals(ROWS_PER_RUN / KEYS, ofBoth.size());
        assertTrue(ofBoth.stream().allMatch(r -> r.runId().equals(secondRun.toString())));
        List<StoredRecord> ofRun = records.page(DATASET, new RecordFilter(firstRun, null), 0, 100);
        assertEquals(100, ofRun.size());
        assertTrue(ofRun.stream().allMatch(r -> r.runId().equals(firstRun.toString())));
    }

    /** The plan of the repository's page query for {@code filter}, one line per node. */
    private String explain(RecordFilter filter) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("EXPLAIN (COSTS OFF) " + RecordRepository.pageSql(filter))) {
            RecordRepository.bindPage(ps, DATASET, filter, 0, 100);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }
}
