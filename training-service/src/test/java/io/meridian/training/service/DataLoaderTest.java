package io.meridian.training.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import io.meridian.data.v1.Record;
import io.meridian.data.v1.Value;
import io.meridian.ingest.v1.FieldType;
import io.meridian.training.ChurnRows;
import io.meridian.training.model.JobSpec;

class DataLoaderTest {
    private static final List<JobSpec.Feature> FEATURES = List.of(new JobSpec.Feature("tenure_months", "numeric"),
        new JobSpec.Feature("contract", "categorical"));

    @Test
    void contentHashDoesNotDependOnRowOrderButOnEveryUsedValue() {
        List<Record> rows = ChurnRows.records(300, 7);
        String hash = DataLoader.contentHash(FEATURES, "churned", rows);
        assertEquals(64, hash.length());

        List<Record> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(3));
        assertEquals(hash, DataLoader.contentHash(FEATURES, "churned", shuffled));

        List<Record> changed = new ArrayList<>(rows);
        changed.set(100, changed.get(100).toBuilder()
            .putFields("tenure_months", Value.newBuilder().setIntValue(999).build()).build());
        assertNotEquals(hash, DataLoader.contentHash(FEATURES, "churned", changed));

        // an unused column does not change it
        List<Record> unused = new ArrayList<>(rows);
        unused.set(5, unused.get(5).toBuilder()
            .putFields("support_calls", Value.newBuilder().setIntValue(99).build()).build());
        assertEquals(hash, DataLoader.contentHash(FEATURES, "churned", unused));
    }

    @Test
    void classNamesAreStableText() {
        assertEquals("true", DataLoader.classText(Value.newBuilder().setBoolValue(true).build()));
        assertEquals("3", DataLoader.classText(Value.newBuilder().setIntValue(3).build()));
        assertEquals("3", DataLoader.classText(Value.newBuilder().setDoubleValue(3.0).build()));
        assertEquals("2.5", DataLoader.classText(Value.newBuilder().setDoubleValue(2.5).build()));
        assertEquals("gold", DataLoader.classText(Value.newBuilder().setStringValue("gold").build()));
    }

    @Test
    void trainingSetColumnTypesAreObservedFromTheValues() {
        Map<String, FieldType> types = DataLoader.observedTypes(ChurnRows.records(50, 1));
        assertEquals(FieldType.FIELD_TYPE_INTEGER, types.get("tenure_months"));
        assertEquals(FieldType.FIELD_TYPE_DECIMAL, types.get("monthly_charges"));
        assertEquals(FieldType.FIELD_TYPE_BOOLEAN, types.get("churned"));
        assertEquals(FieldType.FIELD_TYPE_STRING, types.get("contract"));
        List<Record> mixed = List.of(
            Record.newBuilder().putFields("x", Value.newBuilder().setIntValue(1).build()).build(),
            Record.newBuilder().putFields("x", Value.newBuilder().setDoubleValue(1.5).build()).build());
        assertEquals(FieldType.FIELD_TYPE_DECIMAL, DataLoader.observedTypes(mixed).get("x"));
    }

    @Test
    void aReuploadedEntityCountsOnceWithItsLatestRecord() {
        List<Record> first = ChurnRows.records(10, 5);
        List<Record> rows = new ArrayList<>(first);
        rows.add(first.get(3).toBuilder().putFields("tenure_months", Value.newBuilder().setIntValue(77).build())
            .build());
        rows.add(Record.newBuilder().putFields("tenure_months", Value.newBuilder().setIntValue(1).build()).build());
        boolean[] superseded = DataLoader.superseded(rows, "customer_id");
        for (int i = 0; i < rows.size(); i++) {
            // only the first upload of customer 4 is replaced; the record without a key stays
            assertEquals(i == 3, superseded[i], "row " + i);
        }
        boolean[] none = DataLoader.superseded(rows, "");
        for (boolean s : none) {
            assertEquals(false, s);
        }
    }
}
