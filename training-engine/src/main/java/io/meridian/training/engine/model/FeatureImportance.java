package io.meridian.training.engine.model;

/**
 * One entry of a ranked importance list.
 *
 * @param feature a model input column name (or a raw feature name for permutation importance)
 * @param importance the value ranked on (|coefficient|, total gain, mean score drop)
 * @param signed the signed value where it has one (a coefficient), otherwise equal to {@code importance}
 * @param kind "coefficient", "gain", "split", or "permutation"
 */
public record FeatureImportance(String feature, double importance, double signed, String kind) {
}
