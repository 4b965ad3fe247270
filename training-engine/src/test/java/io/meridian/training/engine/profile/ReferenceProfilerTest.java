package io.meridian.training.engine.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.EngineResult.FeatureProfile;
import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;

class ReferenceProfilerTest {
    @Test
    void numericQuantilesHistogramAndMoments() {
        double[] v = new double[102];
        for (int i = 0; i <= 100; i++) {
            v[i] = i;
        }
        v[101] = Double.NaN;
        Frame f = Frame.builder(102).numeric("x", v)
            .categorical("c", new String[102]).build();
        Map<String, FeatureProfile> profile = ReferenceProfiler.profile(f);
        FeatureProfile x = profile.get("x");
        assertEquals(FeatureKind.NUMERIC, x.kind());
        assertEquals(101, x.count());
        assertEquals(1, x.missing());
        assertArrayEquals(new double[] {0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, x.quantiles(), 1e-9);
        assertEquals(11, x.histogramEdges().length);
        assertArrayEquals(new long[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 11}, x.histogramCounts());
        assertEquals(50, x.mean(), 1e-12);
        assertEquals(Math.sqrt(850), x.std(), 1e-9);
        FeatureProfile c = profile.get("c");
        assertEquals(0, c.count());
        assertEquals(102, c.missing());
    }

    @Test
    void categoricalFrequenciesAmongPresentValues() {
        Frame f = Frame.builder(5).categorical("plan", new String[] {"gold", "basic", "gold", null, "gold"}).build();
        FeatureProfile p = ReferenceProfiler.profile(f).get("plan");
        assertEquals(Map.of("basic", 0.25, "gold", 0.75), p.categoryFrequencies());
        assertEquals(4, p.count());
        assertEquals(1, p.missing());
        assertEquals(Double.NaN, p.mean());
    }
}
