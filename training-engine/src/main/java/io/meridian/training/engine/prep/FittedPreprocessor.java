package io.meridian.training.engine.prep;

import java.util.List;
import java.util.Objects;

import io.meridian.training.engine.data.FeatureColumn;
import io.meridian.training.engine.prep.PreprocessingSpec.UnseenPolicy;

/**
 * The fitted preprocessing: pure data, so the Java transform and the ONNX export read the same numbers.
 *
 * <p>Order of operations, which both implementations follow exactly:
 * <ol>
 *   <li><b>Encode</b>: for each entry of {@code inputs} in order, append its columns:
 *     a numeric input appends its value ({@code NaN} replaced by {@link NumericStep#fill()}) and, when
 *     {@link NumericStep#missingIndicator()}, then a 0/1 column (1 when the raw value was missing);
 *     a categorical input appends one 0/1 column per entry of {@link CategoricalStep#levels()} (a missing value
 *     is first replaced by {@link CategoricalStep#fill()} when that is non-null; a value that matches no level
 *     gives all zeros). The encoded width is {@code encodedNames.size()}.</li>
 *   <li><b>Scale</b>: {@code x[j] = (x[j] - offset[j]) * scale[j]} for every encoded column (offset 0, scale 1
 *     for columns that are not scaled).</li>
 *   <li><b>Select</b>: keep the encoded columns at {@code selected} (ascending indices into the encoded
 *     columns), in that order.</li>
 *   <li><b>PCA</b> (when {@code pca} is non-null): {@code z[k] = sum_j (x[j] - pca.mean[j]) * pca.components[k][j]}.</li>
 * </ol>
 * The result is the model's input matrix; its column names are {@link #outputNames()}.
 *
 * @param inputs raw input features, in ONNX input order
 * @param numeric one step per numeric input, in {@code inputs} order
 * @param categorical one step per categorical input, in {@code inputs} order
 * @param encodedNames names of the encoded columns ("age", "age__missing", "plan=gold", ...)
 * @param offset per encoded column
 * @param scale per encoded column
 * @param selected indices of the encoded columns that are kept
 * @param pca null, or the fitted projection over the selected columns
 */
public record FittedPreprocessor(List<FeatureColumn> inputs, List<NumericStep> numeric,
                                 List<CategoricalStep> categorical, List<String> encodedNames, double[] offset,
                                 double[] scale, int[] selected, Pca pca) {

    /** A numeric input's fill value (used for NaN) and whether a missing indicator column follows it. */
    public record NumericStep(String feature, double fill, boolean missingIndicator) {
    }

    /**
     * A categorical input's one-hot levels (column order), its fill for missing values (null = none, a missing
     * value gives all zeros) and the unseen policy. With {@link UnseenPolicy#ERROR}, {@code knownLevels} are
     * all levels seen in training (a superset of {@code levels} when levels were capped): any other value is an
     * error for the caller (the ONNX graph itself encodes it as zeros; serving checks the schema).
     */
    public record CategoricalStep(String feature, List<String> levels, String fill, UnseenPolicy unseen,
                                  List<String> knownLevels) {
    }

    /** PCA over the selected columns: {@code components[k]} has one weight per selected column. */
    public record Pca(double[] mean, double[][] components, double[] explainedVarianceRatio) {
    }

    public FittedPreprocessor {
        inputs = List.copyOf(inputs);
        numeric = List.copyOf(numeric);
        categorical = List.copyOf(categorical);
        encodedNames = List.copyOf(encodedNames);
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(scale, "scale");
        Objects.requireNonNull(selected, "selected");
        if (offset.length != encodedNames.size() || scale.length != encodedNames.size()) {
            throw new IllegalArgumentException("offset/scale must have one entry per encoded column");
        }
    }

    /** Names of the model's input columns: the selected encoded names, or pc1..pcK after PCA. */
    public List<String> outputNames() {
        if (pca != null) {
            return java.util.stream.IntStream.rangeClosed(1, pca.components().length).mapToObj(k -> "pc" + k)
                .toList();
        }
        return java.util.Arrays.stream(selected).mapToObj(encodedNames::get).toList();
    }

    public int outputWidth() {
        return pca != null ? pca.components().length : selected.length;
    }
}
