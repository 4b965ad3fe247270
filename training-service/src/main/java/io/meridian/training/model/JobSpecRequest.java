package io.meridian.training.model;

import java.util.Map;

/**
 * A job specification as a client sends it (REST body or gRPC JobSpec), before validation; absent values are
 * null.
 *
 * @param dataset required
 * @param label required
 * @param algorithm {@code logistic-regression} (the default)
 * @param modelName defaults to the dataset name
 * @param seed defaults to 0
 * @param holdoutFraction in (0, 1), defaults to 0.2
 * @param hyperparameters epochs (int &gt; 0, default 30), learningRate (&gt; 0, default 0.1), l2 (&gt;= 0, default 0)
 */
public record JobSpecRequest(String dataset, String label, String algorithm, String modelName, Long seed,
                             Double holdoutFraction, Map<String, Object> hyperparameters) {
}
