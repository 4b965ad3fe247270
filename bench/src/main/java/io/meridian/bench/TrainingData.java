package io.meridian.bench;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import io.meridian.training.engine.data.FeatureKind;
import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/**
 * Seeded synthetic training sets for the training benchmark, 20 mixed features each (14 numeric, 6 categorical,
 * a few missing values): a churn-like binary set with about 14% positives whose signal has interactions and
 * thresholds (so trees have something linear models miss), and a housing-like regression set.
 */
final class TrainingData {
    /** A generated set: the engine's frame and target, and the column names in CSV order. */
    record Set(String name, Frame frame, Target target, List<String> numeric, List<String> categorical) {
    }

    private TrainingData() {
    }

    static Set churn(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] numeric = {"tenure", "monthly_charges", "total_charges", "support_calls", "age", "products",
            "data_gb", "late_payments", "satisfaction", "discount_pct", "months_left", "noise_1", "noise_2", "noise_3"};
        String[] categorical = {"plan", "contract", "payment", "region", "device", "referral"};
        double[][] x = new double[numeric.length][n];
        String[][] c = new String[categorical.length][n];
        double[] logit = new double[n];
        for (int i = 0; i < n; i++) {
            double tenure = r.nextDouble() * 72;
            double monthly = Math.max(15, 65 + 25 * r.nextGaussian());
            String plan = pick(r, new String[] {"basic", "standard", "premium"}, 0.5, 0.3);
            String contract = pick(r, new String[] {"month-to-month", "one-year", "two-year"}, 0.55, 0.25);
            int calls = poisson(r, 1.5);
            double satisfaction = 1 + r.nextInt(5);
            x[0][i] = r.nextDouble() < 0.05 ? Double.NaN : tenure;
            x[1][i] = monthly;
            x[2][i] = tenure * monthly * (0.9 + 0.2 * r.nextDouble());
            x[3][i] = calls;
            x[4][i] = 18 + r.nextInt(62);
            x[5][i] = 1 + r.nextInt(5);
            x[6][i] = r.nextDouble() < 0.03 ? Double.NaN : Math.exp(1.5 + r.nextGaussian());
            x[7][i] = poisson(r, 0.4);
            x[8][i] = satisfaction;
            x[9][i] = r.nextInt(4) * 5;
            x[10][i] = "month-to-month".equals(contract) ? 0 : r.nextInt(24);
            x[11][i] = r.nextGaussian();
            x[12][i] = r.nextDouble();
            x[13][i] = r.nextGaussian() * 10;
            c[0][i] = plan;
            c[1][i] = contract;
            c[2][i] = r.nextDouble() < 0.02 ? null : pick(r, new String[] {"card", "bank", "check", "wallet"}, 0.4,
                0.3);
            c[3][i] = pick(r, new String[] {"north", "south", "east", "west"}, 0.25, 0.25);
            c[4][i] = pick(r, new String[] {"android", "ios", "web"}, 0.45, 0.35);
            c[5][i] = r.nextDouble() < 0.2 ? "yes" : "no";
            logit[i] = -0.05 * (tenure - 36)
                + ("month-to-month".equals(contract) ? 1.0 : "two-year".equals(contract) ? -1.0 : 0)
                + ("month-to-month".equals(contract) && monthly > 80 ? 1.2 : 0)   // interaction
                + (satisfaction <= 2 ? 1.1 : 0)                                   // threshold
                + 0.15 * calls * calls / 4                                        // non-linear
                + 0.5 * x[7][i] + ("basic".equals(plan) ? 0.4 : 0) - 0.02 * x[9][i];
        }
        double intercept = interceptFor(logit, 0.14);
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            label[i] = r.nextDouble() < 1 / (1 + Math.exp(-(intercept + logit[i]))) ? 1 : 0;
        }
        return new Set("churn-" + n, frame(n, numeric, x, categorical, c), Target.classification(Task.BINARY,
            List.of("no", "yes"), label, 1), List.of(numeric), List.of(categorical));
    }

    static Set housing(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String[] numeric = {"area", "rooms", "bathrooms", "age", "lot", "garage", "floors", "distance_km",
            "school_score", "crime_rate", "renovated_years_ago", "noise_1", "noise_2", "noise_3"};
        String[] categorical = {"district", "type", "condition", "heating", "view", "style"};
        String[] districts = {"centre", "north", "south", "east", "west", "harbour"};
        double[] districtEffect = {120, 20, -10, 0, 15, 60};
        double[][] x = new double[numeric.length][n];
        String[][] c = new String[categorical.length][n];
        double[] price = new double[n];
        for (int i = 0; i < n; i++) {
            double area = Math.max(30, 110 + 40 * r.nextGaussian());
            double rooms = Math.max(1, Math.round(area / 30 + r.nextGaussian()));
            double age = r.nextDouble() * 100;
            double distance = Math.exp(1 + 0.8 * r.nextGaussian());
            int d = r.nextInt(districts.length);
            String condition = pick(r, new String[] {"poor", "fair", "good"}, 0.2, 0.5);
            x[0][i] = area;
            x[1][i] = rooms;
            x[2][i] = 1 + r.nextInt(3);
            x[3][i] = age;
            x[4][i] = r.nextDouble() < 0.04 ? Double.NaN : Math.exp(5 + r.nextGaussian());
            x[5][i] = r.nextInt(3);
            x[6][i] = 1 + r.nextInt(3);
            x[7][i] = distance;
            x[8][i] = 1 + 9 * r.nextDouble();
            x[9][i] = Math.exp(r.nextGaussian());
            x[10][i] = r.nextDouble() < 0.3 ? Double.NaN : r.nextInt(40);
            x[11][i] = r.nextGaussian();
            x[12][i] = r.nextDouble();
            x[13][i] = 100 * r.nextGaussian();
            c[0][i] = districts[d];
            c[1][i] = pick(r, new String[] {"flat", "house", "townhouse"}, 0.5, 0.3);
            c[2][i] = condition;
            c[3][i] = r.nextDouble() < 0.02 ? null : pick(r, new String[] {"gas", "electric", "heat-pump"}, 0.5, 0.3);
            c[4][i] = r.nextDouble() < 0.15 ? "yes" : "no";
            c[5][i] = pick(r, new String[] {"modern", "classic", "rustic", "industrial"}, 0.3, 0.3);
            price[i] = 80 + 2.2 * area + 8 * rooms + 10 * x[2][i] - 0.012 * age * age + districtEffect[d]
                - 25 * Math.log(distance) + 6 * x[8][i] - 10 * x[9][i]
                + ("good".equals(condition) ? 30 : "poor".equals(condition) ? -35 : 0)
                + ("yes".equals(c[4][i]) ? 40 : 0) + 25 * r.nextGaussian();
        }
        return new Set("housing-" + n, frame(n, numeric, x, categorical, c), Target.regression(price),
            List.of(numeric), List.of(categorical));
    }

    /** Writes the set as CSV (header; empty cell = missing), the label last, plus a fold column. */
    static void writeCsv(Set set, int[] foldOfRow, Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(set.numeric());
            header.addAll(set.categorical());
            header.add("label");
            header.add("fold");
            out.write(String.join(",", header));
            out.write('\n');
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < set.frame().rows(); i++) {
                line.setLength(0);
                for (String name : set.numeric()) {
                    double v = set.frame().numeric(name)[i];
                    line.append(Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v)).append(',');
                }
                for (String name : set.categorical()) {
                    String v = set.frame().categorical(name)[i];
                    line.append(v == null ? "" : v).append(',');
                }
                Target t = set.target();
                line.append(t.task().isClassification() ? t.classes().get(t.classIndex()[i])
                    : String.format(Locale.ROOT, "%.6f", t.values()[i]));
                line.append(',').append(foldOfRow[i]).append('\n');
                out.write(line.toString());
            }
        }
    }

    private static Frame frame(int n, String[] numeric, double[][] x, String[] categorical, String[][] c) {
        Frame.Builder b = Frame.builder(n);
        for (int j = 0; j < numeric.length; j++) {
            b.numeric(numeric[j], x[j]);
        }
        for (int j = 0; j < categorical.length; j++) {
            b.categorical(categorical[j], c[j]);
        }
        Frame frame = b.build();
        assert frame.columns().stream().filter(col -> col.kind() == FeatureKind.NUMERIC).count() == numeric.length;
        return frame;
    }

    private static String pick(SplittableRandom r, String[] values, double first, double second) {
        double u = r.nextDouble();
        if (u < first) {
            return values[0];
        }
        if (u < first + second) {
            return values[1];
        }
        return values[2 + r.nextInt(values.length - 2)];
    }

    private static int poisson(SplittableRandom r, double mean) {
        double limit = Math.exp(-mean);
        double p = r.nextDouble();
        int k = 0;
        while (p > limit) {
            p *= r.nextDouble();
            k++;
        }
        return k;
    }

    /** The intercept b for which the mean of sigmoid(b + logit) is {@code share} (bisection). */
    private static double interceptFor(double[] logit, double share) {
        double lo = -20;
        double hi = 20;
        for (int it = 0; it < 60; it++) {
            double mid = (lo + hi) / 2;
            double mean = 0;
            for (double l : logit) {
                mean += 1 / (1 + Math.exp(-(mid + l)));
            }
            if (mean / logit.length < share) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }
}
