package io.meridian.training.service;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import io.meridian.training.ml.OnnxScorer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Owns the service's ONNX Runtime environment. Sessions are opened per parity check by {@link OnnxScorer} and
 * closed right after; the environment is released when the application stops.
 */
@ApplicationScoped
public class OnnxRuntime {
    private static final Logger LOG = Logger.getLogger(OnnxRuntime.class);

    private final OrtEnvironment environment;
    private final OnnxScorer scorer;

    public OnnxRuntime() {
        this.environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            "training-service");
        this.scorer = new OnnxScorer(environment);
    }

    public OnnxScorer scorer() {
        return scorer;
    }

    @PreDestroy
    void close() {
        environment.close();
        LOG.debug("ONNX Runtime environment released");
    }
}
