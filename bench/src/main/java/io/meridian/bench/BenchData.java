package io.meridian.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * The benchmark's data set: a seeded CSV of customers with 20 mixed-type columns (strings, integers,
 * decimals, booleans, ISO-8601 timestamps; a few empty optional values and quoted text with commas and
 * quotes), the matching dataset contract, and the plain PostgreSQL table the COPY floor loads it into.
 */
final class BenchData {
    /** Column name and contract type, in file order. */
    record Column(String name, String type, boolean required, String sqlType) {
    }

    static final List<Column> COLUMNS = List.of(
        new Column("customer_id", "string", true, "text"),
        new Column("tenure_months", "integer", true, "bigint"),
        new Column("monthly_charges", "decimal", false, "double precision"),
        new Column("total_charges", "decimal", false, "double precision"),
        new Column("support_calls", "integer", false, "bigint"),
        new Column("contract", "string", false, "text"),
        new Column("paperless_billing", "boolean", false, "boolean"),
        new Column("signup_at", "timestamp", false, "timestamptz"),
        new Column("last_seen_at", "timestamp", false, "timestamptz"),
        new Column("region", "string", false, "text"),
        new Column("plan", "string", false, "text"),
        new Column("age", "integer", false, "bigint"),
        new Column("score", "decimal", false, "double precision"),
        new Column("devices", "integer", false, "bigint"),
        new Column("auto_pay", "boolean", false, "boolean"),
        new Column("referrals", "integer", false, "bigint"),
        new Column("discount", "decimal", false, "double precision"),
        new Column("notes", "string", false, "text"),
        new Column("email_opt_in", "boolean", false, "boolean"),
        new Column("churned", "boolean", true, "boolean"));

    private static final String[] CONTRACTS = {"month-to-month", "one-year", "two-year"};
    private static final String[] REGIONS = {"north", "south", "east", "west", "central", "overseas"};
    private static final String[] PLANS = {"basic", "standard", "premium", "family", "business"};
    private static final String[] WORDS = {"asked", "about", "billing", "router", "upgrade", "called", "twice",
        "happy", "with", "service", "wants", "discount", "moving", "soon", "caf\u00e9", "M\u00fcller", "fibre"};
    private static final long EPOCH_2015 = Instant.parse("2015-01-01T00:00:00Z").getEpochSecond();
    private static final long SPAN = 10L * 365 * 24 * 3600;

    private BenchData() {
    }

    /** Facts about the written file. */
    record Written(long rows, long bytes, double meanRowBytes) {
    }

    /** Writes {@code rows} data rows (plus a header) to {@code file}; the same seed gives the same bytes. */
    static Written writeCsv(Path file, long rows, long seed) throws IOException {
        Random random = new Random(seed);
        long dataBytes = 0;
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(String.join(",", COLUMNS.stream().map(Column::name).toList()));
            out.write('\n');
            StringBuilder row = new StringBuilder(256);
            for (long i = 1; i <= rows; i++) {
                row.setLength(0);
                int tenure = random.nextInt(72) + 1;
                double monthly = 18 + random.nextDouble() * 100;
                row.append(String.format(Locale.ROOT, "c%09d", i)).append(',');
                row.append(tenure).append(',');
                row.append(decimal(monthly)).append(',');
                row.append(optional(random, decimal(monthly * tenure))).append(',');
                row.append(optional(random, Integer.toString(random.nextInt(10)))).append(',');
                row.append(CONTRACTS[random.nextInt(CONTRACTS.length)]).append(',');
                row.append(random.nextBoolean()).append(',');
                long signup = EPOCH_2015 + (long) (random.nextDouble() * SPAN);
                row.append(Instant.ofEpochSecond(signup)).append(',');
                row.append(optional(random, Instant.ofEpochSecond(signup + random.nextInt(90 * 24 * 3600)).toString()))
                    .append(',');
                row.append(REGIONS[random.nextInt(REGIONS.length)]).append(',');
                row.append(PLANS[random.nextInt(PLANS.length)]).append(',');
                row.append(18 + random.nextInt(70)).append(',');
                row.append(decimal(random.nextGaussian())).append(',');
                row.append(1 + random.nextInt(6)).append(',');
                row.append(random.nextBoolean()).append(',');
                row.append(random.nextInt(4)).append(',');
                row.append(optional(random, decimal(random.nextDouble() * 0.3))).append(',');
                row.append(notes(random)).append(',');
                row.append(random.nextInt(3) > 0).append(',');
                row.append(random.nextInt(4) == 0);
                row.append('\n');
                String text = row.toString();
                out.write(text);
                dataBytes += text.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        return new Written(rows, Files.size(file), rows == 0 ? 0 : (double) dataBytes / rows);
    }

    /** The dataset contract (PUT /v1/datasets/{name}) for the CSV. */
    static String contractJson() {
        StringBuilder json = new StringBuilder("{\"fields\":[");
        for (int i = 0; i < COLUMNS.size(); i++) {
            Column c = COLUMNS.get(i);
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(c.name()).append("\",\"type\":\"")
                .append(c.type()).append("\",\"required\":").append(c.required()).append('}');
        }
        return json.append("],\"key\":\"customer_id\",\"label\":\"churned\"}").toString();
    }

    /** CREATE TABLE of the COPY floor: the same columns, typed, no indexes. */
    static String createTableSql(String table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(table).append(" (");
        for (int i = 0; i < COLUMNS.size(); i++) {
            Column c = COLUMNS.get(i);
            sql.append(i == 0 ? "" : ", ").append(c.name()).append(' ').append(c.sqlType());
        }
        return sql.append(')').toString();
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    /** About 2% of optional values are empty. */
    private static String optional(Random random, String value) {
        return random.nextInt(50) == 0 ? "" : value;
    }

    /** Free text; about one in ten needs CSV quoting (a comma or a quote inside). */
    private static String notes(Random random) {
        int words = random.nextInt(6);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < words; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
        }
        int special = random.nextInt(10);
        if (special == 0) {
            return "\"" + text + ", then said \"\"thanks\"\"\"";
        }
        return text.toString();
    }
}
