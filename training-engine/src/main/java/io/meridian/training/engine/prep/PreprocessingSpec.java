package io.meridian.training.engine.prep;

import java.util.Objects;

/**
 * What to fit, before the model. Every statistic is fitted on the training rows only (inside every fold).
 *
 * @param numericImputation how missing numeric values are filled
 * @param numericFill the constant for {@link Imputation#CONSTANT}
 * @param missingIndicators add a 0/1 "was missing" column after every numeric feature that had a missing value
 *                          in the training rows
 * @param categoricalImputation how missing categorical values are filled: {@link Imputation#MOST_FREQUENT},
 *                              {@link Imputation#CONSTANT} (with {@code categoricalFill}), or
 *                              {@link Imputation#NONE} (a missing value is encoded as all zeros)
 * @param categoricalFill the constant for categorical {@link Imputation#CONSTANT}
 * @param unseen what a category that was not seen in training does
 * @param maxLevels keep at most this many most frequent levels per categorical feature (0 = no cap); dropped
 *                  levels encode as all zeros
 * @param scaling how numeric value columns are scaled (indicator and one-hot columns are never scaled)
 * @param pcaComponents number of PCA components (0 = no PCA unless {@code pcaVariance} is set)
 * @param pcaVariance explained-variance target in (0, 1] (0 = unused); the smallest number of components
 *                    reaching it is kept
 * @param selection optional feature selection fitted inside the folds
 */
public record PreprocessingSpec(Imputation numericImputation, double numericFill, boolean missingIndicators,
                                Imputation categoricalImputation, String categoricalFill, UnseenPolicy unseen,
                                int maxLevels, Scaling scaling, int pcaComponents, double pcaVariance,
                                SelectionSpec selection) {
    public enum Imputation { MEAN, MEDIAN, MOST_FREQUENT, CONSTANT, NONE }

    public enum UnseenPolicy { IGNORE, ERROR }

    public enum Scaling { NONE, STANDARD, MIN_MAX }

    /**
     * Feature selection steps, applied in this order to the encoded (and scaled) columns, before PCA.
     *
     * @param varianceThreshold drop columns whose training variance is at most this (negative = off)
     * @param correlationThreshold drop the later column of each pair with |Pearson r| above this (0 or >= 1 = off)
     * @param recursiveElimination keep this many columns by recursive elimination on model importance (0 = off)
     */
    public record SelectionSpec(double varianceThreshold, double correlationThreshold, int recursiveElimination) {
        public static final SelectionSpec NONE = new SelectionSpec(-1, 0, 0);

        public boolean enabled() {
            return varianceThreshold >= 0 || (correlationThreshold > 0 && correlationThreshold < 1)
                || recursiveElimination > 0;
        }
    }

    public PreprocessingSpec {
        Objects.requireNonNull(numericImputation, "numericImputation");
        Objects.requireNonNull(categoricalImputation, "categoricalImputation");
        Objects.requireNonNull(unseen, "unseen");
        Objects.requireNonNull(scaling, "scaling");
        selection = selection == null ? SelectionSpec.NONE : selection;
    }

    /** Mean imputation, no indicators, most-frequent categorical imputation, ignore unseen, standard scaling. */
    public static PreprocessingSpec defaults() {
        return new PreprocessingSpec(Imputation.MEAN, 0, false, Imputation.MOST_FREQUENT, "missing",
            UnseenPolicy.IGNORE, 0, Scaling.STANDARD, 0, 0, SelectionSpec.NONE);
    }
}
