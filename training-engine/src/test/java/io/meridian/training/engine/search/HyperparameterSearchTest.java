package io.meridian.training.engine.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.meridian.training.engine.EngineResult.Trial;
import io.meridian.training.engine.TrainingException;
import io.meridian.training.engine.TrainingRequest.ParamSpace;
import io.meridian.training.engine.TrainingRequest.SearchSpec;
import io.meridian.training.engine.TrainingRequest.SearchSpec.Strategy;

class HyperparameterSearchTest {

    /** A known optimum at depth 4, rate 0.1; a negative rate is invalid, as a trainer would say. */
    private static HyperparameterSearch.Evaluation evaluate(Map<String, String> p, double fraction) {
        double rate = Double.parseDouble(p.get("rate"));
        if (rate < 0) {
            throw new IllegalArgumentException("hyperparameter 'rate' must be >= 0, got " + rate);
        }
        int depth = Integer.parseInt(p.get("depth"));
        double score = 1 - Math.pow(Math.log10(rate) + 1, 2) - 0.01 * Math.pow(depth - 4, 2);
        return new HyperparameterSearch.Evaluation(Map.of("auc", score), (int) Math.round(1000 * fraction));
    }

    @Test
    void gridRecordsEveryTrialInDeclaredOrderAndPicksTheBest() {
        SearchSpec spec = new SearchSpec(Strategy.GRID, Map.of(
            "rate", ParamSpace.of(List.of("-1", "0.01", "0.1", "1")),
            "depth", ParamSpace.of(List.of("2", "4", "6"))), 100, "auc", true);
        List<Trial> seen = new ArrayList<>();
        HyperparameterSearch.Outcome outcome = HyperparameterSearch.run(spec, Map.of("other", "x"),
            HyperparameterSearchTest::evaluate, 1, (t, planned) -> {
                assertEquals(12, planned);
                seen.add(t);
            });
        assertEquals(12, outcome.trials().size());
        assertEquals(seen, outcome.trials());
        // names in order (depth, rate), the last fastest
        assertEquals("2", outcome.trials().get(0).hyperparameters().get("depth"));
        assertEquals("0.01", outcome.trials().get(1).hyperparameters().get("rate"));
        assertEquals("x", outcome.trials().get(0).hyperparameters().get("other"));
        assertTrue(outcome.trials().get(0).status().startsWith("failed: hyperparameter 'rate'"));
        assertTrue(Double.isNaN(outcome.trials().get(0).score()));
        assertEquals("4", outcome.best().hyperparameters().get("depth"));
        assertEquals("0.1", outcome.best().hyperparameters().get("rate"));
        for (int i = 0; i < 12; i++) {
            assertEquals(i + 1, outcome.trials().get(i).number());
        }
    }

    @Test
    void gridIsCutAtTheBudgetAndMinimisingMetricsPickTheLowest() {
        SearchSpec spec = new SearchSpec(Strategy.GRID, Map.of(
            "rate", ParamSpace.of(List.of("0.01", "0.1", "1")),
            "depth", ParamSpace.range(2, 6, false, true)), 7, "auc", false);
        HyperparameterSearch.Outcome outcome = HyperparameterSearch.run(spec, Map.of(),
            HyperparameterSearchTest::evaluate, 1, (t, p) -> { });
        assertEquals(7, outcome.trials().size());
        double lowest = outcome.trials().stream().mapToDouble(Trial::score).min().orElseThrow();
        assertEquals(lowest, outcome.best().score());
    }

    @Test
    void randomSearchIsSeededAndSamplesLogAndIntegerRanges() {
        SearchSpec spec = new SearchSpec(Strategy.RANDOM, Map.of(
            "rate", ParamSpace.range(1e-4, 1, true, false),
            "depth", ParamSpace.range(1, 8, false, true)), 30, "auc", true);
        HyperparameterSearch.Outcome a = HyperparameterSearch.run(spec, Map.of(), HyperparameterSearchTest::evaluate,
            5, (t, p) -> { });
        HyperparameterSearch.Outcome b = HyperparameterSearch.run(spec, Map.of(), HyperparameterSearchTest::evaluate,
            5, (t, p) -> { });
        assertEquals(a.trials(), b.trials());
        assertEquals(30, a.trials().size());
        long belowOneHundredth = a.trials().stream()
            .filter(t -> Double.parseDouble(t.hyperparameters().get("rate")) < 0.01).count();
        assertTrue(belowOneHundredth >= 10, "log-uniform: half the draws below 1e-2, got " + belowOneHundredth);
        for (Trial t : a.trials()) {
            int depth = Integer.parseInt(t.hyperparameters().get("depth"));
            assertTrue(depth >= 1 && depth <= 8);
        }
        double best = a.trials().stream().mapToDouble(Trial::score).max().orElseThrow();
        assertEquals(best, a.best().score());
        HyperparameterSearch.Outcome other = HyperparameterSearch.run(spec, Map.of(),
            HyperparameterSearchTest::evaluate, 6, (t, p) -> { });
        assertFalse(a.trials().equals(other.trials()));
    }

    @Test
    void successiveHalvingGrowsRowsAndKeepsTheBestThird() {
        assertEquals(List.of(6, 2, 1), HyperparameterSearch.rungs(9));
        assertEquals(List.of(13, 5, 2, 1), HyperparameterSearch.rungs(21));
        SearchSpec spec = new SearchSpec(Strategy.SUCCESSIVE_HALVING, Map.of(
            "rate", ParamSpace.range(1e-3, 1, true, false),
            "depth", ParamSpace.range(1, 8, false, true)), 21, "auc", true);
        HyperparameterSearch.Outcome outcome = HyperparameterSearch.run(spec, Map.of(),
            HyperparameterSearchTest::evaluate, 3, (t, p) -> { });
        List<Trial> trials = outcome.trials();
        assertEquals(21, trials.size());
        assertEquals(37, trials.get(0).rows());
        assertEquals(111, trials.get(13).rows());
        assertEquals(1000, trials.get(20).rows());
        // the second rung holds the five best of the first
        List<Double> firstRung = trials.subList(0, 13).stream().map(Trial::score).sorted((x, y) -> Double.compare(y,
            x)).toList();
        List<Double> secondRung = trials.subList(13, 18).stream().map(Trial::score).sorted((x, y) -> Double.compare(
            y, x)).toList();
        assertEquals(firstRung.subList(0, 5), secondRung);
        assertEquals(trials.get(20), outcome.best());
    }

    @Test
    void allTrialsFailingFailsTheSearch() {
        SearchSpec spec = new SearchSpec(Strategy.GRID, Map.of("rate", ParamSpace.of(List.of("-1", "-2")),
            "depth", ParamSpace.of(List.of("3"))), 10, "auc", true);
        TrainingException e = assertThrows(TrainingException.class, () -> HyperparameterSearch.run(spec, Map.of(),
            HyperparameterSearchTest::evaluate, 1, (t, p) -> { }));
        assertTrue(e.getMessage().contains("every search trial failed"), e.getMessage());
        SearchSpec badRange = new SearchSpec(Strategy.RANDOM, Map.of("rate", ParamSpace.range(0, 1, true, false)), 3,
            "auc", true);
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> HyperparameterSearch.run(
            badRange, Map.of(), HyperparameterSearchTest::evaluate, 1, (t, p) -> { }));
        assertTrue(bad.getMessage().contains("search.space.rate"));
    }
}
