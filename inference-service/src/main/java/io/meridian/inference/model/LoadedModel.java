package io.meridian.inference.model;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * One model version with its open ONNX Runtime session. Reference counted: the owner holds one reference while
 * the version is the serving one, every in-flight prediction holds one more ({@link #tryRetain()} /
 * {@link #release()}). The session closes when the last reference is released, so a swap never closes a session
 * a request still uses.
 */
public final class LoadedModel {
    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    private final String name;
    private final long version;
    private final ModelSchema schema;
    private final String artifactSha256;
    private final Instant loadedAt;
    private final OrtSession session;
    private final AtomicInteger references = new AtomicInteger(1);

    public LoadedModel(String name, long version, ModelSchema schema, String artifactSha256, Instant loadedAt,
            OrtSession session) {
        this.name = name;
        this.version = version;
        this.schema = schema;
        this.artifactSha256 = artifactSha256;
        this.loadedAt = loadedAt;
        this.session = session;
    }

    /** Takes a reference unless the model is already closed (then the caller must re-read the current one). */
    public boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current <= 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    /** Drops a reference; the last one closes the session. */
    public void release() {
        if (references.decrementAndGet() == 0) {
            try {
                session.close();
                LOG.infof("closed ONNX session of model %s v%d", name, version);
            } catch (OrtException e) {
                LOG.warnf("closing ONNX session of model %s v%d failed: %s", name, version, e.getMessage());
            }
        }
    }

    /** References held right now (1 = only the owner). */
    public int references() {
        return references.get();
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    /** How the version is fed and read, checked against its graph when it was loaded. */
    public ModelSchema schema() {
        return schema;
    }

    /** Registered inputs in registry order (for the packed layout: the order of the input tensor's columns). */
    public List<FeatureInput> inputs() {
        return schema.inputs();
    }

    public String artifactSha256() {
        return artifactSha256;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public OrtSession session() {
        return session;
    }
}
