package io.meridian.inference.rest;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/models/{name}/predict-batch}.
 *
 * @param rows      the rows to score, in order (at most {@code meridian.inference.max-batch-rows})
 * @param requestId optional caller id, echoed into every row's PredictionMade event
 */
public record PredictBatchBody(List<Row> rows, String requestId) {

    /**
     * One row.
     *
     * @param features  feature values by name, as in {@link PredictBody}
     * @param entityKey optional entity (customer, device) the row is about
     */
    public record Row(Map<String, Object> features, String entityKey) {
    }
}
