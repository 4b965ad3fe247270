package io.meridian.testing;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded churn-like table with a real signal: churn is more likely with many support calls, short
 * tenure, high charges and a month-to-month contract. The same seed always gives the same rows.
 *
 * <p>Columns: {@code customer_id} (key), {@code tenure_months} (integer), {@code monthly_charges}
 * (decimal), {@code support_calls} (integer), {@code contract} (string), {@code paperless_billing}
 * (boolean), {@code churned} (boolean label).
 */
public final class ChurnData {
    public static final String HEADER =
        "customer_id,tenure_months,monthly_charges,support_calls,contract,paperless_billing,churned";
    private static final String[] CONTRACTS = {"month-to-month", "one-year", "two-year"};

    private ChurnData() {
    }

    /** {@code rows} data rows as CSV with a header line, {@code \n} line ends. */
    public static String csv(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder(rows * 48).append(HEADER).append('\n');
        for (int i = 1; i <= rows; i++) {
            int tenure = random.nextInt(1, 73);
            double charges = Math.round((20 + random.nextDouble() * 100) * 100) / 100.0;
            int calls = poisson(random, 1.6);
            String contract = CONTRACTS[random.nextInt(10) < 5 ? 0 : random.nextInt(1, 3)];
            boolean paperless = random.nextDouble() < 0.6;
            double z = -1.2 + 0.55 * calls - 0.05 * tenure + 0.03 * (charges - 70)
                + ("month-to-month".equals(contract) ? 1.0 : "two-year".equals(contract) ? -1.0 : 0.0)
                + (paperless ? 0.3 : 0.0);
            boolean churned = random.nextDouble() < 1 / (1 + Math.exp(-z));
            out.append(String.format(Locale.ROOT, "C%06d,%d,%.2f,%d,%s,%b,%b%n", i, tenure, charges, calls, contract,
                paperless, churned).replace(System.lineSeparator(), "\n"));
        }
        return out.toString();
    }

    private static int poisson(SplittableRandom random, double lambda) {
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
