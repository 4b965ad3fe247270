package io.meridian.training.engine.search;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

import io.meridian.training.engine.TrainingRequest.ParamSpace;

/**
 * Hyperparameter candidates from declared spaces. Hyperparameters are taken in name order (the request's space
 * is an unordered map, so name order is the one reproducible order); values in their declared order.
 *
 * <p>Grid: the cartesian product, the last name varying fastest, cut at the budget. A range enters a grid as
 * {@value #GRID_POINTS} evenly spaced points (log-spaced when {@code log}; rounded and de-duplicated when
 * {@code integer}). Random: each hyperparameter drawn independently (a list uniformly; a range uniformly, or
 * log-uniformly when {@code log}; an integer range uniformly over its integers); a draw identical to an earlier
 * candidate is redrawn, and drawing stops early when the space is exhausted.
 */
public final class Candidates {
    /** Points a numeric range contributes to a grid. */
    public static final int GRID_POINTS = 5;
    private static final int REDRAWS = 100;

    private Candidates() {
    }

    /** Grid candidates, at most {@code budget}. */
    public static List<Map<String, String>> grid(Map<String, ParamSpace> space, int budget) {
        Map<String, List<String>> axes = new TreeMap<>();
        space.forEach((name, s) -> axes.put(name, gridValues(name, s)));
        List<Map<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> partial : out) {
                for (String value : axis.getValue()) {
                    Map<String, String> candidate = new LinkedHashMap<>(partial);
                    candidate.put(axis.getKey(), value);
                    next.add(candidate);
                }
            }
            out = next;
        }
        return out.size() > budget ? List.copyOf(out.subList(0, budget)) : out;
    }

    /** Random candidates, at most {@code count}, seeded. */
    public static List<Map<String, String>> random(Map<String, ParamSpace> space, int count, long seed) {
        Map<String, ParamSpace> ordered = new TreeMap<>(space);
        ordered.forEach(Candidates::check);
        SplittableRandom random = new SplittableRandom(seed);
        List<Map<String, String>> out = new ArrayList<>();
        Set<Map<String, String>> seen = new HashSet<>();
        while (out.size() < count) {
            Map<String, String> candidate = null;
            for (int attempt = 0; attempt < REDRAWS; attempt++) {
                Map<String, String> draw = new LinkedHashMap<>();
                ordered.forEach((name, s) -> draw.put(name, sample(s, random)));
                if (seen.add(draw)) {
                    candidate = draw;
                    break;
                }
            }
            if (candidate == null) {
                break;
            }
            out.add(candidate);
        }
        return out;
    }

    private static void check(String name, ParamSpace s) {
        if (!s.isRange()) {
            return;
        }
        if (!(Double.isFinite(s.min()) && Double.isFinite(s.max()) && s.min() <= s.max())) {
            throw new IllegalArgumentException("search.space." + name + ": a range needs finite min <= max, got ["
                + s.min() + ", " + s.max() + "]");
        }
        if (s.log() && s.min() <= 0) {
            throw new IllegalArgumentException("search.space." + name + ": a log range needs min > 0, got "
                + s.min());
        }
    }

    private static List<String> gridValues(String name, ParamSpace s) {
        if (!s.isRange()) {
            return s.values();
        }
        check(name, s);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < GRID_POINTS; i++) {
            double f = i / (double) (GRID_POINTS - 1);
            double v = s.log() ? Math.exp(Math.log(s.min()) + f * (Math.log(s.max()) - Math.log(s.min())))
                : s.min() + f * (s.max() - s.min());
            String text = format(v, s.integer());
            if (!values.contains(text)) {
                values.add(text);
            }
        }
        return values;
    }

    private static String sample(ParamSpace s, SplittableRandom random) {
        if (!s.isRange()) {
            return s.values().get(random.nextInt(s.values().size()));
        }
        if (s.integer() && !s.log()) {
            long lo = (long) Math.ceil(s.min());
            long hi = (long) Math.floor(s.max());
            return Long.toString(lo + random.nextLong(hi - lo + 1));
        }
        double u = random.nextDouble();
        double v = s.log() ? Math.exp(Math.log(s.min()) + u * (Math.log(s.max()) - Math.log(s.min())))
            : s.min() + u * (s.max() - s.min());
        return format(v, s.integer());
    }

    private static String format(double v, boolean integer) {
        return integer ? Long.toString(Math.round(v)) : Double.toString(v);
    }
}
