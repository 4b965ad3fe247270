package io.meridian.training.engine.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.meridian.training.engine.EngineResult.Trial;
import io.meridian.training.engine.TrainingException;
import io.meridian.training.engine.TrainingRequest.SearchSpec;

/**
 * Runs a hyperparameter search: every candidate is scored by an {@link Evaluator} (cross-validation in the
 * engine) and recorded as a {@link Trial}; the best completed trial by the selection metric wins (the earlier
 * trial on ties). A trial whose evaluation throws {@link IllegalArgumentException} (e.g. an invalid
 * hyperparameter value) is recorded as failed and the search goes on; when every trial fails the search fails.
 *
 * <p>Successive halving spends the trial budget in rungs ({@code eta} = {@value #ETA}): it starts with the
 * largest number n of random candidates such that n + ceil(n/3) + ceil(n/9) + ... + 1 fits the budget, scores
 * them on a 1/3^(R-1) share of the training rows, keeps the best third on three times as many rows, and so on
 * until the last rung, which uses all rows. Only full-row trials can win.
 */
public final class HyperparameterSearch {
    public static final int ETA = 3;

    private HyperparameterSearch() {
    }

    /** Scores one candidate. */
    @FunctionalInterface
    public interface Evaluator {
        /**
         * @param hyperparameters the candidate merged over the base hyperparameters
         * @param rowFraction share of each fold's training rows to fit on, in (0, 1]
         * @return mean validation metrics and the training rows per fold used
         * @throws IllegalArgumentException when the candidate is invalid (the trial fails, the search goes on)
         */
        Evaluation evaluate(Map<String, String> hyperparameters, double rowFraction);
    }

    /** What an evaluation produced. */
    public record Evaluation(Map<String, Double> metrics, int rows) {
    }

    /** Called after every trial, e.g. to report progress (and possibly cancel by throwing). */
    @FunctionalInterface
    public interface Progress {
        void trialDone(Trial trial, int planned);
    }

    /**
     * The outcome.
     *
     * @param trials every trial in the order run
     * @param best the winning trial
     */
    public record Outcome(List<Trial> trials, Trial best) {
    }

    /** Runs the search. */
    public static Outcome run(SearchSpec spec, Map<String, String> base, Evaluator evaluator, long seed,
                              Progress progress) {
        if (spec.trials() < 1) {
            throw new IllegalArgumentException("search.trials must be at least 1, got " + spec.trials());
        }
        if (spec.space().isEmpty()) {
            throw new IllegalArgumentException("search.space must declare at least one hyperparameter");
        }
        List<Trial> trials = new ArrayList<>();
        Runner runner = new Runner(spec, base, evaluator, progress, trials);
        switch (spec.strategy()) {
            case GRID -> {
                List<Map<String, String>> candidates = Candidates.grid(spec.space(), spec.trials());
                runner.planned = candidates.size();
                candidates.forEach(c -> runner.trial(c, 1.0));
            }
            case RANDOM -> {
                List<Map<String, String>> candidates = Candidates.random(spec.space(), spec.trials(), seed);
                runner.planned = candidates.size();
                candidates.forEach(c -> runner.trial(c, 1.0));
            }
            case SUCCESSIVE_HALVING -> halving(spec, seed, runner);
        }
        Comparator<Trial> better = Comparator.comparingDouble(Trial::score);
        if (!spec.maximize()) {
            better = better.reversed();
        }
        Trial best = null;
        for (Trial trial : trials) {
            if (!trial.status().equals("completed") || runner.partial.contains(trial.number())
                || Double.isNaN(trial.score())) {
                continue;
            }
            if (best == null || better.compare(trial, best) > 0) {
                best = trial;
            }
        }
        if (best == null) {
            String first = trials.stream().map(Trial::status).filter(s -> !s.equals("completed")).findFirst()
                .orElse("no trial produced the metric '" + spec.metric() + "'");
            throw new TrainingException("search", "every search trial failed; the first: " + first);
        }
        return new Outcome(List.copyOf(trials), best);
    }

    /** Rung sizes for a budget: the largest start n whose halving sequence fits. */
    static List<Integer> rungs(int budget) {
        List<Integer> best = List.of(1);
        for (int n = 1; n <= budget; n++) {
            List<Integer> sizes = new ArrayList<>();
            int size = n;
            int total = 0;
            while (true) {
                sizes.add(size);
                total += size;
                if (size == 1) {
                    break;
                }
                size = (size + ETA - 1) / ETA;
            }
            if (total <= budget) {
                best = sizes;
            }
        }
        return best;
    }

    private static void halving(SearchSpec spec, long seed, Runner runner) {
        List<Integer> rungs = rungs(spec.trials());
        List<Map<String, String>> candidates = Candidates.random(spec.space(), rungs.get(0), seed);
        runner.planned = rungs.stream().mapToInt(Integer::intValue).sum();
        int last = rungs.size() - 1;
        for (int r = 0; r <= last && !candidates.isEmpty(); r++) {
            double fraction = Math.pow(ETA, r - last);
            List<Trial> rung = new ArrayList<>();
            for (Map<String, String> candidate : candidates) {
                Trial trial = runner.trial(candidate, fraction);
                if (r < last) {
                    runner.partial.add(trial.number());
                }
                rung.add(trial);
            }
            if (r == last) {
                break;
            }
            int keep = r + 1 < rungs.size() ? rungs.get(r + 1) : 1;
            Comparator<Trial> order = Comparator.comparingDouble(Trial::score);
            if (spec.maximize()) {
                order = order.reversed();
            }
            List<Trial> ranked = rung.stream().filter(t -> t.status().equals("completed"))
                .filter(t -> !Double.isNaN(t.score())).sorted(order.thenComparingInt(Trial::number)).toList();
            List<Map<String, String>> next = new ArrayList<>();
            for (Trial t : ranked.subList(0, Math.min(keep, ranked.size()))) {
                next.add(candidates.get(rung.indexOf(t)));
            }
            candidates = next;
        }
    }

    private static final class Runner {
        private final SearchSpec spec;
        private final Map<String, String> base;
        private final Evaluator evaluator;
        private final Progress progress;
        private final List<Trial> trials;
        private final java.util.Set<Integer> partial = new java.util.HashSet<>();
        private int planned;

        Runner(SearchSpec spec, Map<String, String> base, Evaluator evaluator, Progress progress,
               List<Trial> trials) {
            this.spec = spec;
            this.base = base;
            this.evaluator = evaluator;
            this.progress = progress;
            this.trials = trials;
        }

        Trial trial(Map<String, String> candidate, double fraction) {
            Map<String, String> params = new LinkedHashMap<>(base);
            params.putAll(candidate);
            int number = trials.size() + 1;
            Trial trial;
            try {
                Evaluation e = evaluator.evaluate(Map.copyOf(params), fraction);
                Double score = e.metrics().get(spec.metric());
                if (score == null) {
                    throw new IllegalArgumentException("search.metric '" + spec.metric()
                        + "' is not a metric of this task; known: " + e.metrics().keySet());
                }
                trial = new Trial(number, params, e.metrics(), score, e.rows(), "completed");
            } catch (IllegalArgumentException e) {
                trial = new Trial(number, params, Map.of(), Double.NaN, 0, "failed: " + e.getMessage());
            }
            trials.add(trial);
            progress.trialDone(trial, planned);
            return trial;
        }
    }
}
