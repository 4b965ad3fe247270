package io.meridian.training.service;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Owns the service's ONNX Runtime environment, used by the engine's parity check (sessions are opened per check
 * and closed right after); the environment is released when the application stops.
 */
@ApplicationScoped
public class OnnxRuntime {
    private static final Logger LOG = Logger.getLogger(OnnxRuntime.class);

    private final OrtEnvironment environment;

    public OnnxRuntime() {
        this.environment = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
            "training-service");
    }

    public OrtEnvironment environment() {
        return environment;
    }

    @PreDestroy
    void close() {
        environment.close();
        LOG.debug("ONNX Runtime environment released");
    }
}
