package io.meridian.inference.service;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.grpc.StatusRuntimeException;
import io.meridian.inference.client.RegistryClient;
import io.meridian.inference.config.InferenceConfig;
import io.meridian.inference.model.LoadedModel;
import io.meridian.inference.model.ModelSchema;
import io.meridian.registry.v1.ModelVersion;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;

/**
 * Owns the ONNX Runtime environment and every model session of the service. One serving version per model is
 * held in an {@link AtomicReference}; a new version is downloaded, verified (SHA-256), opened, validated and
 * warmed up before it is swapped in, and the old session is closed only when its last in-flight prediction has
 * released it (see {@link LoadedModel}). Loads of one model are serialised; serving never blocks on a load.
 */
@ApplicationScoped
public class ModelManager {
    private static final Logger LOG = Logger.getLogger(ModelManager.class);
    private static final int LOCK_STRIPES = 16;

    private final RegistryClient registry;
    private final InferenceConfig config;
    private final MeterRegistry meters;
    private final OrtEnvironment environment;
    private final Map<String, AtomicReference<LoadedModel>> serving = new ConcurrentHashMap<>();
    private final ReentrantLock[] loadLocks = new ReentrantLock[LOCK_STRIPES];
    private final ScheduledExecutorService refresher;

    public ModelManager(RegistryClient registry, InferenceConfig config, MeterRegistry meters) {
        this.registry = registry;
        this.config = config;
        this.meters = meters;
        this.environment = OrtEnvironment.getEnvironment();
        for (int i = 0; i < LOCK_STRIPES; i++) {
            loadLocks[i] = new ReentrantLock();
        }
        this.refresher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "model-refresher");
            thread.setDaemon(true);
            return thread;
        });
    }

    void onStart(@Observes StartupEvent event) {
        // first pass right away but off the start-up path: an unreachable registry must not delay or fail start-up
        long interval = config.refreshInterval().toMillis();
        refresher.scheduleWithFixedDelay(this::refresh, 0, interval, TimeUnit.MILLISECONDS);
    }

    /** The environment every session of this service belongs to. */
    public OrtEnvironment environment() {
        return environment;
    }

    /**
     * The serving version of {@code modelName} with a reference taken (the caller must
     * {@link LoadedModel#release()} it), or empty if none is loaded.
     */
    public Optional<LoadedModel> acquire(String modelName) {
        AtomicReference<LoadedModel> ref = serving.get(modelName);
        if (ref == null) {
            return Optional.empty();
        }
        while (true) {
            LoadedModel current = ref.get();
            if (current == null) {
                return Optional.empty();
            }
            if (current.tryRetain()) {
                return Optional.of(current);
            }
            // lost a race with a swap that just retired this version: read the new one
        }
    }

    /** Like {@link #acquire}, but first tries one resolve + load of the serving alias when nothing is loaded. */
    public Optional<LoadedModel> acquireOrLoad(String modelName) {
        Optional<LoadedModel> loaded = acquire(modelName);
        if (loaded.isPresent()) {
            return loaded;
        }
        try {
            Optional<ModelVersion> version = registry.resolveAlias(modelName, config.servingAlias());
            if (version.isEmpty()) {
                LOG.debugf("model %s has no alias %s in the registry", modelName, config.servingAlias());
                return Optional.empty();
            }
            load(version.get());
        } catch (RuntimeException e) {
            LOG.warnf("lazy load of model %s failed: %s", modelName, e.getMessage());
            return Optional.empty();
        }
        return acquire(modelName);
    }

    /** The serving version without taking a reference (for information only). */
    public Optional<LoadedModel> current(String modelName) {
        AtomicReference<LoadedModel> ref = serving.get(modelName);
        return ref == null ? Optional.empty() : Optional.ofNullable(ref.get());
    }

    /** Every serving version, for information only. */
    public List<LoadedModel> loaded() {
        List<LoadedModel> all = new ArrayList<>();
        serving.values().forEach(ref -> {
            LoadedModel model = ref.get();
            if (model != null) {
                all.add(model);
            }
        });
        return all;
    }

    /**
     * Handles an alias move: loads {@code version} of {@code modelName} unless it is already serving.
     *
     * @return false when that version was already serving
     */
    public boolean switchTo(String modelName, long version) {
        if (current(modelName).map(LoadedModel::version).orElse(-1L) == version) {
            LOG.infof("model %s v%d already serving, nothing to swap", modelName, version);
            return false;
        }
        load(registry.getVersion(modelName, version));
        return true;
    }

    /**
     * Downloads, verifies, opens, validates and warms up {@code version}, then swaps it in. Throws when any step
     * fails; the previous version keeps serving in that case.
     */
    public void load(ModelVersion version) {
        String name = version.getModelName();
        ReentrantLock lock = loadLocks[Math.floorMod(name.hashCode(), LOCK_STRIPES)];
        lock.lock();
        try {
            if (current(name).map(LoadedModel::version).orElse(-1L) == version.getVersion()) {
                return;
            }
            long started = System.nanoTime();
            Path artifact = fetchArtifact(version);
            LoadedModel candidate = open(version, artifact);
            LoadedModel previous = serving.computeIfAbsent(name, this::register).getAndSet(candidate);
            LOG.infof("model %s now serving v%d (previous %s, sha256 %s, loaded in %d ms)", name, version.getVersion(),
                previous == null ? "none" : "v" + previous.version(), version.getArtifactSha256(),
                (System.nanoTime() - started) / 1_000_000);
            if (previous != null) {
                previous.release(); // closes once in-flight predictions on it are done
            }
        } finally {
            lock.unlock();
        }
    }

    private AtomicReference<LoadedModel> register(String modelName) {
        AtomicReference<LoadedModel> ref = new AtomicReference<>();
        Gauge.builder("meridian.inference.model.version", ref, r -> {
            LoadedModel model = r.get();
            return model == null ? Double.NaN : model.version();
        }).tag("model", modelName).description("Version of the model currently serving").register(meters);
        return ref;
    }

    private Path fetchArtifact(ModelVersion version) {
        if (!version.getFormat().isEmpty() && !"onnx".equalsIgnoreCase(version.getFormat())) {
            throw new IllegalArgumentException("model " + version.getModelName() + " v" + version.getVersion()
                + " has format " + version.getFormat() + ", only onnx can be served");
        }
        Path target = Path.of(config.cacheDir(), safe(version.getModelName()), version.getVersion() + ".onnx");
        String expected = version.getArtifactSha256();
        if (Files.isRegularFile(target) && expected.equalsIgnoreCase(sha256(target))) {
            LOG.infof("model %s v%d found in the artifact cache %s", version.getModelName(), version.getVersion(),
                target);
            return target;
        }
        String actual = registry.download(version, target);
        if (!actual.equalsIgnoreCase(expected)) {
            deleteQuietly(target);
            throw new IllegalStateException("artifact of model " + version.getModelName() + " v"
                + version.getVersion() + " has SHA-256 " + actual + " but the registry recorded " + expected);
        }
        return target;
    }

    private LoadedModel open(ModelVersion version, Path artifact) {
        String name = version.getModelName();
        OrtSession session = null;
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            ModelSchema schema = ModelSchema.of(version);
            // small tabular models: one thread per request beats contention between concurrent requests
            options.setIntraOpNumThreads(1);
            session = environment.createSession(artifact.toString(), options);
            GraphRunner.validate(environment, session, schema);
            LOG.debugf("model %s v%d (%s, %s, %d inputs) passed validation and warm-up", name, version.getVersion(),
                schema.task().tag(), schema.layout(), schema.inputs().size());
            return new LoadedModel(name, version.getVersion(), schema, version.getArtifactSha256(), Instant.now(),
                session);
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            throw new IllegalStateException("model " + name + " v" + version.getVersion()
                + " cannot be served: " + e.getMessage(), e);
        }
    }

    /** Background pass: loads configured models still missing and re-resolves the alias of every loaded model. */
    void refresh() {
        Set<String> names = new LinkedHashSet<>(config.models().orElse(List.of()));
        names.addAll(serving.keySet());
        for (String name : names) {
            try {
                Optional<ModelVersion> version = registry.resolveAlias(name, config.servingAlias());
                if (version.isEmpty()) {
                    LOG.warnf("model %s has no alias %s in the registry yet; retrying in %s", name,
                        config.servingAlias(), config.refreshInterval());
                } else if (current(name).map(LoadedModel::version).orElse(-1L) != version.get().getVersion()) {
                    load(version.get());
                }
            } catch (StatusRuntimeException e) {
                LOG.warnf("registry unreachable while refreshing model %s (%s); retrying in %s", name,
                    e.getStatus().getCode(), config.refreshInterval());
            } catch (RuntimeException e) {
                LOG.errorf("loading model %s failed: %s; retrying in %s", name, e.getMessage(),
                    config.refreshInterval());
            }
        }
    }

    @PreDestroy
    void close() {
        refresher.shutdownNow();
        Collection<AtomicReference<LoadedModel>> refs = serving.values();
        List<LoadedModel> retired = new ArrayList<>();
        refs.forEach(ref -> {
            LoadedModel model = ref.getAndSet(null);
            if (model != null) {
                retired.add(model);
                model.release();
            }
        });
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        for (LoadedModel model : retired) {
            while (model.references() > 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
        try {
            environment.close();
        } catch (RuntimeException e) {
            LOG.debugf("closing the ONNX Runtime environment: %s", e.getMessage());
        }
        LOG.infof("closed %d model sessions", retired.size());
    }

    private static String safe(String modelName) {
        return modelName.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[8192];
            for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.debugf("could not delete %s: %s", file, e.getMessage());
        }
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException e) {
                LOG.debugf("closing a rejected session: %s", e.getMessage());
            }
        }
    }
}
