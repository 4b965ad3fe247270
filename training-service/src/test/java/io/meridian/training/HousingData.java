package io.meridian.training;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A seeded housing-like regression table with a known signal: the price grows with the area, the rooms and the
 * neighbourhood, falls with the age, plus noise. The same seed always gives the same rows;
 * {@code samples/housing.csv} is {@code csv(1000, 42)}.
 *
 * <p>Columns: {@code house_id} (key), {@code area_sqm} (decimal), {@code rooms} (integer), {@code age_years}
 * (integer), {@code neighbourhood} (string), {@code garage} (boolean), {@code price} (decimal label, thousands).
 */
public final class HousingData {
    public static final String HEADER = "house_id,area_sqm,rooms,age_years,neighbourhood,garage,price";
    private static final String[] NEIGHBOURHOODS = {"centre", "riverside", "suburb", "industrial"};
    private static final double[] PREMIUM = {120, 60, 0, -40};

    private HousingData() {
    }

    /** {@code rows} data rows as CSV with a header line, {@code \n} line ends. */
    public static String csv(int rows, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        StringBuilder out = new StringBuilder(rows * 48).append(HEADER).append('\n');
        for (int i = 1; i <= rows; i++) {
            double area = Math.round((35 + random.nextDouble() * 165) * 10) / 10.0;
            int rooms = Math.max(1, (int) Math.round(area / 30 + random.nextDouble() * 2 - 1));
            int age = random.nextInt(0, 80);
            int n = random.nextInt(NEIGHBOURHOODS.length);
            boolean garage = random.nextDouble() < 0.4;
            double price = 50 + 2.2 * area + 12 * rooms - 0.9 * age + PREMIUM[n] + (garage ? 15 : 0)
                + gaussian(random) * 25;
            out.append(String.format(Locale.ROOT, "H%05d,%.1f,%d,%d,%s,%b,%.1f%n", i, area, rooms, age,
                NEIGHBOURHOODS[n], garage, Math.max(20, price)).replace(System.lineSeparator(), "\n"));
        }
        return out.toString();
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }
}
