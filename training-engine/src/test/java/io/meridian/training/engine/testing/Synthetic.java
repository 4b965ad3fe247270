package io.meridian.training.engine.testing;

import java.util.List;
import java.util.SplittableRandom;

import io.meridian.training.engine.data.Frame;
import io.meridian.training.engine.data.Target;
import io.meridian.training.engine.data.Task;

/** Seeded synthetic data sets with a known signal. */
public final class Synthetic {
    private Synthetic() {
    }

    /** Features and label. */
    public record Data(Frame frame, Target target) {
    }

    /**
     * Churn-like, binary ("no"/"yes", ~14% "yes"): churn rises with monthly charges and the basic plan, falls
     * with tenure; region and noise carry no signal. tenure has 5% missing values, region 3%.
     */
    public static Data churn(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] tenure = new double[n];
        double[] monthly = new double[n];
        double[] noise = new double[n];
        String[] plan = new String[n];
        String[] region = new String[n];
        int[] label = new int[n];
        String[] plans = {"basic", "premium", "standard"};
        String[] regions = {"east", "north", "south", "west"};
        for (int i = 0; i < n; i++) {
            double t = r.nextDouble() * 72;
            monthly[i] = 70 + 20 * r.nextGaussian();
            double u = r.nextDouble();
            plan[i] = u < 0.5 ? plans[0] : u < 0.8 ? plans[2] : plans[1];
            region[i] = r.nextDouble() < 0.03 ? null : regions[r.nextInt(4)];
            noise[i] = r.nextGaussian();
            double logit = -2.6 - 0.06 * (t - 36) + 0.05 * (monthly[i] - 70)
                + ("basic".equals(plan[i]) ? 1.0 : "premium".equals(plan[i]) ? -0.8 : 0);
            label[i] = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
            tenure[i] = r.nextDouble() < 0.05 ? Double.NaN : t;
        }
        Frame frame = Frame.builder(n).numeric("tenure", tenure).numeric("monthly", monthly)
            .categorical("plan", plan).categorical("region", region).numeric("noise", noise).build();
        return new Data(frame, Target.classification(Task.BINARY, List.of("no", "yes"), label, 1));
    }

    /** Housing-like regression: price = 50 + 0.1 area + 12 rooms - 0.4 age + district effect + N(0, 10). */
    public static Data housing(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] area = new double[n];
        double[] rooms = new double[n];
        double[] age = new double[n];
        String[] district = new String[n];
        double[] price = new double[n];
        for (int i = 0; i < n; i++) {
            area[i] = 1500 + 400 * r.nextGaussian();
            rooms[i] = 1 + r.nextInt(6);
            age[i] = r.nextDouble() * 80;
            int d = r.nextInt(3);
            district[i] = new String[] {"A", "B", "C"}[d];
            price[i] = 50 + 0.1 * area[i] + 12 * rooms[i] - 0.4 * age[i] + new double[] {40, 0, -25}[d]
                + 10 * r.nextGaussian();
        }
        Frame frame = Frame.builder(n).numeric("area", area).numeric("rooms", rooms).numeric("age", age)
            .categorical("district", district).build();
        return new Data(frame, Target.regression(price));
    }

    /** Three classes by the arg-max of linear scores of x1, x2 plus noise; x3 is irrelevant. */
    public static Data multiclass(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x1 = new double[n];
        double[] x2 = new double[n];
        double[] x3 = new double[n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            x1[i] = r.nextGaussian();
            x2[i] = r.nextGaussian();
            x3[i] = r.nextGaussian();
            double[] s = {2 * x1[i] + 0.3 * r.nextGaussian(), 2 * x2[i] + 0.3 * r.nextGaussian(),
                -x1[i] - x2[i] + 0.3 * r.nextGaussian()};
            int best = 0;
            for (int c = 1; c < 3; c++) {
                if (s[c] > s[best]) {
                    best = c;
                }
            }
            label[i] = best;
        }
        Frame frame = Frame.builder(n).numeric("x1", x1).numeric("x2", x2).numeric("x3", x3).build();
        return new Data(frame, Target.classification(Task.MULTICLASS, List.of("a", "b", "c"), label, -1));
    }
}
