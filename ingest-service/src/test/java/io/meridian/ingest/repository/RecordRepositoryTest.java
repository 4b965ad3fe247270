package io.meridian.ingest.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.meridian.ingest.model.RecordFilter;
import io.meridian.ingest.model.StoredRecord;
import io.meridian.ingest.model.ValidRecord;
import io.meridian.ingest.rest.TestContracts;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;

/**
 * The COPY-based bulk store against the real PostgreSQL: every column's binary form, awkward text round trips, and
 * rollback on a failed publish.
 */
@QuarkusTest
class RecordRepositoryTest {
    /** Values that would break a naive COPY row: separators, escapes, quotes, unicode. */
    private static final List<String> AWKWARD = List.of(
        "tab\there", "new\nline", "carriage\rreturn\r\n", "back\\slash \\N \\t", "\"double\" and 'single' quotes",
        "caf\u00e9 \u00fcber \u4e2d\u6587 \ud83d\ude80", "\u0001 control \u001f", "", " ", "{\"looks\":\"like json\"}",
        "comma, semicolon; pipe|");

    @Inject
    RecordRepository records;
    @Inject
    RunRepository runs;
    @Inject
    ObjectMapper json;
    @Inject
    DataSource dataSource;
    @Inject
    CuratedDataRepository curated;

    @Test
    void copiesAwkwardKeysAndValuesUnchanged() throws Exception {
        String dataset = "copy-escaping";
        UUID runId = newRun(dataset);
        List<ValidRecord> batch = new ArrayList<>();
        for (int i = 0; i < AWKWARD.size(); i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("text", AWKWARD.get(i));
            values.put("n", (long) i);
            values.put("x", i + 0.25);
            values.put("flag", i % 2 == 0);
            values.put("at", Instant.ofEpochSecond(1_700_000_000L + i));
            values.put("none", null);
            batch.add(new ValidRecord(i + 1, "key-" + AWKWARD.get(i), values));
        }
        Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);

        records.insertBatch(dataset, 1, runId, at, batch, () -> { });

        List<StoredRecord> stored = records.page(dataset, RecordFilter.ALL, 0, 100);
        assertEquals(batch.size(), stored.size());
        for (int i = 0; i < batch.size(); i++) {
            assertEquals(batch.get(i).key(), stored.get(i).key(), "key of row " + (i + 1));
            assertEquals(1, stored.get(i).contractVersion());
            JsonNode expected = json.readTree(json.writeValueAsString(jsonable(batch.get(i).values())));
            JsonNode actual = json.readTree(stored.get(i).valuesJson());
            assertEquals(expected, actual, "values of row " + (i + 1));
            assertEquals(AWKWARD.get(i), actual.get("text").asText());
        }
    }

    @Test
    void storesEveryColumnAsTheServerReadsIt() throws Exception {
        String dataset = "copy-columns";
        UUID runId = newRun(dataset);
        List<ValidRecord> batch = List.of(new ValidRecord(1, "a", Map.of("v", 1L)),
            new ValidRecord(Integer.MAX_VALUE + 5L, "b", Map.of("v", 2L)));
        // before PostgreSQL's epoch (2000-01-01), with microseconds: a negative count in the binary form
        Instant at = Instant.parse("1999-12-31T23:59:58.123456Z");

        records.insertBatch(dataset, 42, runId, at, batch, () -> { });

        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
            "SELECT run_id, row_number, contract_version, to_char(ingested_at AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD HH24:MI:SS.US'), record_key FROM curated_record WHERE dataset = ? ORDER BY id")) {
            ps.setString(1, dataset);
            try (ResultSet rs = ps.executeQuery()) {
                for (ValidRecord expected : batch) {
                    assertTrue(rs.next());
                    assertEquals(runId, rs.getObject(1, UUID.class));
                    assertEquals(expected.row(), rs.getLong(2));
                    assertEquals(42, rs.getInt(3));
                    assertEquals("1999-12-31 23:59:58.123456", rs.getString(4));
                    assertEquals(expected.key(), rs.getString(5));
                }
                assertFalse(rs.next());
            }
        }
        assertEquals(at, records.page(dataset, RecordFilter.ALL, 0, 10).get(0).ingestedAt());
    }

    @Test
    void aRunsRecordsArePagedInOrderAmongAnotherRunsBatches() {
        String dataset = "copy-interleaved";
        UUID first = newRun(dataset);
        UUID second = newRun(dataset);
        UUID nothingStored = newRun(dataset);
        List<String> firstKeys = new ArrayList<>();
        for (int b = 0; b < 4; b++) {
            for (UUID run : List.of(first, second)) {
                List<ValidRecord> batch = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String key = run.equals(first) ? "a" + b + "-" + i : "b" + b + "-" + i;
                    batch.add(new ValidRecord(b * 5 + i + 1, key, Map.of("v", (long) i)));
                    if (run.equals(first)) {
                        firstKeys.add(key);
                    }
                }
                records.insertBatch(dataset, 1, run, Instant.now().truncatedTo(ChronoUnit.MICROS), batch, () -> { });
            }
        }

        List<String> paged = new ArrayList<>();
        long after = 0;
        List<StoredRecord> page;
        while (!(page = records.page(dataset, new RecordFilter(first, null), after, 3)).isEmpty()) {
            assertTrue(page.stream().allMatch(r -> r.runId().equals(first.toString())), "only the run's records");
            page.forEach(r -> paged.add(r.key()));
            after = page.get(page.size() - 1).id();
        }
        assertEquals(firstKeys, paged, "every record of the run once, in the order stored");
        assertEquals(20, records.page(dataset, new RecordFilter(second, null), 0, 100).size());
        assertEquals(0, records.page(dataset, new RecordFilter(nothingStored, null), 0, 100).size());
    }

    @Test
    void retentionDropsTheRangesOfBatchesWithNothingLeft() throws Exception {
        String dataset = "copy-retention";
        UUID runId = newRun(dataset);
        records.insertBatch(dataset, 1, runId, Instant.parse("2020-01-01T00:00:00Z"),
            List.of(new ValidRecord(1, "old", Map.of("v", 1L))), () -> { });
        records.insertBatch(dataset, 1, runId, Instant.now().truncatedTo(ChronoUnit.MICROS),
            List.of(new ValidRecord(2, "new", Map.of("v", 2L))), () -> { });
        assertEquals(2, batches(dataset));

        assertEquals(1, curated.deleteOlderThan(dataset, Instant.parse("2021-01-01T00:00:00Z")));

        assertEquals(1, batches(dataset), "the emptied batch's range is gone, the other stays");
        List<StoredRecord> left = records.page(dataset, new RecordFilter(runId, null), 0, 10);
        assertEquals(List.of("new"), left.stream().map(StoredRecord::key).toList());
    }

    private long batches(String dataset) throws Exception {
        return io.meridian.ingest.TestSql.count(dataSource, "SELECT count(*) FROM curated_record_batch WHERE dataset = ?",
            dataset);
    }

    @Test
    void copiesBatchesLargerThanOneChunkInOrder() throws Exception {
        String dataset = "copy-large";
        UUID runId = newRun(dataset);
        List<ValidRecord> batch = new ArrayList<>();
        String padding = "\u00e9\\\t".repeat(100); // multi-byte and escaped characters across chunk boundaries
        for (int i = 0; i < 3000; i++) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("i", (long) i);
            values.put("pad", padding);
            batch.add(new ValidRecord(i + 1, "k" + i, values));
        }

        records.insertBatch(dataset, 1, runId, Instant.now().truncatedTo(ChronoUnit.MICROS), batch, () -> { });

        List<StoredRecord> stored = new ArrayList<>();
        long after = 0;
        List<StoredRecord> page;
        while (!(page = records.page(dataset, RecordFilter.ALL, after, 1000)).isEmpty()) {
            stored.addAll(page);
            after = page.get(page.size() - 1).id();
        }
        assertEquals(3000, stored.size());
        for (int i = 0; i < stored.size(); i++) {
            assertEquals("k" + i, stored.get(i).key());
            JsonNode values = json.readTree(stored.get(i).valuesJson());
            assertEquals(i, values.get("i").asInt());
            assertEquals(padding, values.get("pad").asText());
        }
    }

    @Test
    void rollsTheBatchBackWhenThePublishBeforeCommitFails() throws Exception {
        String dataset = "copy-rollback";
        UUID runId = newRun(dataset);
        List<ValidRecord> batch = List.of(new ValidRecord(1, "a", Map.of("v", 1L)), new ValidRecord(2, "b", Map.of("v", 2L)));

        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> records.insertBatch(dataset, 1,
            runId, Instant.now(), batch, () -> {
                throw new IllegalStateException("Kafka did not acknowledge");
            }));

        assertTrue(thrown.getMessage().contains("Kafka"), thrown.getMessage());
        assertEquals(0, records.page(dataset, RecordFilter.ALL, 0, 10).size(),
            "nothing committed when the publish failed");
        records.insertBatch(dataset, 1, runId, Instant.now(), batch, () -> { });
        assertEquals(2, records.page(dataset, RecordFilter.ALL, 0, 10).size(),
            "the connection is usable again afterwards");
    }

    @Test
    void aValueTheDatabaseRefusesFailsTheWholeBatch() {
        String dataset = "copy-refused";
        UUID runId = newRun(dataset);
        // PostgreSQL text cannot hold NUL: the second row is refused (the validator never lets such a key through)
        List<ValidRecord> batch = List.of(new ValidRecord(1, "a", Map.of("v", 1L)), new ValidRecord(2, "b\u0000",
            Map.of("v", 2L)));

        assertThrows(IllegalStateException.class, () -> records.insertBatch(dataset, 1, runId, Instant.now(), batch,
            () -> { }));

        assertEquals(0, records.page(dataset, RecordFilter.ALL, 0, 10).size());
    }

    /** The values as they are stored: instants as ISO-8601 text. */
    private static Map<String, Object> jsonable(Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v instanceof Instant i ? i.toString() : v));
        return out;
    }

    private UUID newRun(String dataset) {
        TestContracts.createChurn(dataset);
        UUID runId = UUID.randomUUID();
        runs.start(runId, dataset, 1, "test", Instant.now().truncatedTo(ChronoUnit.MICROS));
        return runId;
    }
}
