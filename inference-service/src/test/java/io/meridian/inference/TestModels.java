package io.meridian.inference;

import java.util.List;

/** The seeded models the fake registry serves. Fixed numbers: the same bytes on every run. */
public final class TestModels {
    /** churn: loaded at start-up (meridian.inference.models), swapped from v1 to v2 by an AliasChanged event. */
    public static final String CHURN = "churn";
    public static final List<String> CHURN_INPUTS =
        List.of("tenure_months", "monthly_charges", "support_calls", "paperless_billing");
    static final float[] CHURN_MEAN = {36f, 70f, 1.6f, 0.6f};
    static final float[] CHURN_STD = {20.5f, 28.9f, 1.26f, 0.49f};
    public static final byte[] CHURN_V1 =
        OnnxModels.logistic(CHURN_MEAN, CHURN_STD, new float[] {-0.9f, 0.7f, 1.1f, 0.25f}, -0.4f);
    public static final byte[] CHURN_V2 =
        OnnxModels.logistic(CHURN_MEAN, CHURN_STD, new float[] {-0.3f, 1.4f, 0.2f, -0.6f}, 0.8f);

    /** fraud: not configured, loaded lazily on its first prediction; classes "fraud" / "legit". */
    public static final String FRAUD = "fraud";
    public static final List<String> FRAUD_INPUTS = List.of("amount", "foreign");
    public static final byte[] FRAUD_V1 =
        OnnxModels.logistic(new float[] {120f, 0.1f}, new float[] {95f, 0.3f}, new float[] {1.3f, 0.9f}, -1.1f);

    /** tampered: the registry's SHA-256 does not match the artifact, so it must never be served. */
    public static final String TAMPERED = "tampered";

    private TestModels() {
    }
}
