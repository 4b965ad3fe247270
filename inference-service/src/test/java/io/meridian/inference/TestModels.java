package io.meridian.inference;

import java.util.List;

import io.meridian.inference.TestPipeline.Categorical;
import io.meridian.inference.TestPipeline.Numeric;

/** The seeded models the fake registry serves. Fixed numbers: the same bytes on every run. */
public final class TestModels {
    private static final List<Numeric> CHURN_NUMERIC = List.of(
        new Numeric("tenure_months", false, 0, 32, 24),
        new Numeric("monthly_charges", true, 70, 65, 30),
        new Numeric("support_calls", false, 0, 1.5, 1.2));
    private static final List<Categorical> CHURN_CATEGORICAL = List.of(
        new Categorical("contract", List.of("month-to-month", "one-year", "two-year"), false),
        new Categorical("payment_method", List.of("card", "bank-transfer", "check"), true));

    /**
     * churn (binary, one graph with named inputs, classes "no","yes", positive "yes"): loaded at start-up
     * (meridian.inference.models), swapped from v1 to v2 by an AliasChanged event. v1's stored threshold is 0.35.
     */
    public static final String CHURN = "churn";
    public static final TestPipeline CHURN_V1 = TestPipeline.binary(CHURN_NUMERIC, CHURN_CATEGORICAL,
        List.of("no", "yes"), "yes", 0.35, new double[] {-1.1, 0.6, 0.9, 0.8, -0.3, -1.2, 0.1, -0.2, 0.5}, -0.7);
    public static final TestPipeline CHURN_V2 = TestPipeline.binary(CHURN_NUMERIC, CHURN_CATEGORICAL,
        List.of("no", "yes"), "yes", 0.5, new double[] {-0.5, 1.2, 0.3, 0.4, 0.0, -0.6, -0.4, 0.2, 0.9}, 0.3);

    /** segment (multiclass bronze / silver / gold), loaded lazily. */
    public static final String SEGMENT = "segment";
    public static final TestPipeline SEGMENT_V1 = TestPipeline.multiclass(
        List.of(new Numeric("spend", false, 0, 500, 300), new Numeric("visits", true, 4, 5, 3)),
        List.of(new Categorical("region", List.of("north", "south", "east", "west"), false)),
        List.of("bronze", "silver", "gold"),
        new double[][] {{-1.5, 0.2, 1.6}, {-0.4, 0.5, 0.3}, {0.2, 0, -0.2}, {0, 0.3, 0}, {0.1, 0, 0.4}, {0, 0, -0.3}},
        new double[] {0.3, 0.1, -0.4});

    /** housing (regression, price), loaded lazily; an unknown city is rejected. */
    public static final String HOUSING = "housing";
    public static final TestPipeline HOUSING_V1 = TestPipeline.regression(
        List.of(new Numeric("sqft", false, 0, 1200, 400), new Numeric("rooms", true, 3, 3, 1)),
        List.of(new Categorical("city", List.of("lyon", "paris", "nantes"), true)),
        new double[] {80_000, 15_000, -20_000, 120_000, -30_000}, 250_000);

    /** mismatched: churn's graph, but the registry says 'contract' is numeric: must be refused on load. */
    public static final String MISMATCHED = "mismatched";

    /**
     * fraud: a model in the foundation's packed format (tag input_name: one float input 'features' [N, 2]), loaded
     * lazily; classes "fraud" / "legit".
     */
    public static final String FRAUD = "fraud";
    public static final List<String> FRAUD_INPUTS = List.of("amount", "foreign");
    public static final byte[] FRAUD_V1 =
        OnnxModels.logistic(new float[] {120f, 0.1f}, new float[] {95f, 0.3f}, new float[] {1.3f, 0.9f}, -1.1f);

    /** tampered: the registry's SHA-256 does not match the artifact, so it must never be served. */
    public static final String TAMPERED = "tampered";

    private TestModels() {
    }
}
