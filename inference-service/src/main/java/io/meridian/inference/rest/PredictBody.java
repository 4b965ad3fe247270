package io.meridian.inference.rest;

import java.util.Map;

/**
 * Body of {@code POST /v1/models/{name}/predict}.
 *
 * @param features  feature values by name: numbers (or booleans, as 1/0) for numeric inputs, strings for categorical
 *                  ones; null or absent = missing; features the model does not use are ignored and listed in the
 *                  response's {@code ignoredFeatures}
 * @param requestId optional caller id, echoed into the PredictionMade event
 * @param entityKey optional entity (customer, device) the prediction is about
 */
public record PredictBody(Map<String, Object> features, String requestId, String entityKey) {
}
