package io.meridian.feature.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.meridian.data.v1.Record;
import io.meridian.feature.model.FeatureRow;

/** The online upsert of a batch keeps, per entity, the row with the latest (event time, row number). */
class LatestPerEntityTest {
    private static final Instant T = Instant.parse("2025-01-01T00:00:00Z");

    @Test
    void keepsTheNewestRowOfEachEntityInKeyOrder() {
        FeatureRow bOld = row("b", T, 1);
        FeatureRow bNew = row("b", T.plusSeconds(1), 2);
        FeatureRow a1 = row("a", T, 1);
        FeatureRow a2 = row("a", T, 5); // same event time, later row of the run wins
        FeatureRow a0 = row("a", T, 3);

        List<FeatureRow> latest = List.copyOf(FeatureRepository.latestPerEntity(List.of(bNew, a1, bOld, a2, a0)));

        assertEquals(List.of(a2, bNew), latest);
    }

    private static FeatureRow row(String key, Instant time, long rowNumber) {
        return new FeatureRow("d", key, time, "run", rowNumber, 1, Record.getDefaultInstance());
    }
}
