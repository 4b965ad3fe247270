package io.meridian.registry.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.jboss.logging.Logger;

import io.meridian.contracts.EventTypes;
import io.meridian.contracts.Topics;
import io.meridian.registry.messaging.OutboxRelay;
import io.meridian.registry.messaging.RegistryEvents;
import io.meridian.registry.model.AliasChange;
import io.meridian.registry.model.AuditEntry;
import io.meridian.registry.model.ModelInput;
import io.meridian.registry.model.ModelVersion;
import io.meridian.registry.model.Names;
import io.meridian.registry.model.NewModelVersion;
import io.meridian.registry.model.RegisteredModel;
import io.meridian.registry.model.RegistryException;
import io.meridian.registry.repository.RegistryRepository;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The registry's use cases. Writes run in one database transaction each and queue their Kafka event in
 * the outbox inside that transaction; the {@link OutboxRelay} publishes it after the commit.
 */
@ApplicationScoped
public class RegistryService {
    private static final Logger LOG = Logger.getLogger(RegistryService.class);

    private final DataSource dataSource;
    private final RegistryRepository repository;
    private final ArtifactStore store;
    private final OutboxRelay relay;
    private final MeterRegistry meters;

    public RegistryService(DataSource dataSource, RegistryRepository repository, ArtifactStore store,
        OutboxRelay relay, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.repository = repository;
        this.store = store;
        this.relay = relay;
        this.meters = meters;
    }

    /** Checks what a client declared before any artifact byte is accepted; returns it normalised. */
    public NewModelVersion validate(NewModelVersion meta) {
        Names.requireModelName("model_name", meta.modelName());
        String format = Names.requireFormat("format", meta.format());
        for (ModelInput input : meta.inputs()) {
            if (input.name() == null || input.name().isBlank()) {
                throw RegistryException.invalid("inputs", "Every model input needs a name.");
            }
        }
        for (Map.Entry<String, Double> m : meta.metrics().entrySet()) {
            if (!Double.isFinite(m.getValue())) {
                throw RegistryException.invalid("metrics", "The metric '" + m.getKey() + "' is not a finite number.");
            }
        }
        String expected = meta.expectedSha256() == null ? "" : meta.expectedSha256().trim().toLowerCase();
        if (!expected.isEmpty() && !expected.matches("[0-9a-f]{64}")) {
            throw RegistryException.invalid("expected_sha256", "expected_sha256 must be 64 hexadecimal characters.");
        }
        return new NewModelVersion(meta.modelName(), format, meta.description(), meta.inputs(), meta.outputs(),
            meta.metrics(), meta.tags(), meta.sourceJobId(), expected);
    }

    /**
     * Registers a finished upload as the next version of its model: allocates the number, moves the
     * artifact into place, then commits the row, the audit line and the event. The staging file is gone
     * afterwards whatever happens.
     */
    public ModelVersion createVersion(NewModelVersion meta, ArtifactStore.Staged staged, String subject) {
        try {
            if (staged.sizeBytes() == 0) {
                throw RegistryException.invalid("artifact_chunk", "The artifact is empty: send its bytes after the metadata.");
            }
            if (!meta.expectedSha256().isEmpty() && !meta.expectedSha256().equals(staged.sha256())) {
                throw RegistryException.invalid("expected_sha256", "The artifact's SHA-256 is " + staged.sha256()
                    + " but the client declared " + meta.expectedSha256() + "; the upload was corrupted or incomplete.");
            }
            ModelVersion created = inTransaction(c -> {
                long version = repository.allocateVersion(c, meta.modelName());
                String location = store.location(meta.modelName(), version, meta.format());
                try {
                    store.place(staged, location);
                    repository.insertVersion(c, meta, meta.format(), version, staged.sha256(), staged.sizeBytes(),
                        location, subject);
                    ModelVersion v = repository.findVersion(c, meta.modelName(), version).orElseThrow();
                    repository.appendAudit(c, v.modelName(), AuditEntry.VERSION_CREATED, subject, version, null,
                        Map.of("artifactSha256", v.artifactSha256(), "artifactSizeBytes", v.artifactSizeBytes(),
                            "format", v.format(), "sourceJobId", v.sourceJobId()));
                    repository.enqueueEvent(c, UUID.randomUUID(), Topics.REGISTRY_EVENTS, v.modelName(),
                        EventTypes.MODEL_VERSION_CREATED, RegistryEvents.versionCreated(v).toByteArray());
                    c.commit();
                    return v;
                } catch (SQLException | IOException | RuntimeException e) {
                    c.rollback();
                    store.remove(location);
                    throw e;
                }
            });
            meters.counter("meridian.registry.versions.created", "model", created.modelName()).increment();
            LOG.infof("model version created: model=%s version=%d sha256=%s size=%d by=%s", created.modelName(),
                created.version(), created.artifactSha256(), created.artifactSizeBytes(), subject);
            relay.wake();
            return created;
        } finally {
            staged.discard();
        }
    }

    /** Points {@code alias} at {@code version}; a no-op (no audit line, no event) if it already does. */
    public AliasChange setAlias(String model, String alias, long version, String subject) {
        Names.requireModelName("model_name", model);
        Names.requireAlias("alias", alias);
        if (version < 1) {
            throw RegistryException.invalid("version", "The version must be a positive number, not " + version + ".");
        }
        AliasChange change = inTransaction(c -> {
            try {
                if (!repository.lockModel(c, model)) {
                    throw unknownModel(model);
                }
                if (repository.findVersion(c, model, version).isEmpty()) {
                    throw RegistryException.notFound("Model '" + model + "' has no version " + version + ".");
                }
                long previous = repository.findAlias(c, model, alias).orElse(0L);
                if (previous != version) {
                    repository.upsertAlias(c, model, alias, version, subject);
                    repository.appendAudit(c, model, AuditEntry.ALIAS_SET, subject, version, alias,
                        Map.of("previousVersion", previous));
                    repository.enqueueEvent(c, UUID.randomUUID(), Topics.REGISTRY_EVENTS, model,
                        EventTypes.ALIAS_CHANGED, RegistryEvents.aliasChanged(model, alias, version, previous,
                            Instant.now(), subject).toByteArray());
                }
                ModelVersion v = repository.findVersion(c, model, version).orElseThrow();
                c.commit();
                return new AliasChange(v, alias, previous);
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
        if (change.moved()) {
            meters.counter("meridian.registry.alias.changes", "model", model, "alias", alias).increment();
            LOG.infof("alias moved: model=%s alias=%s version=%d previous=%d by=%s", model, alias, version,
                change.previousVersion(), subject);
            relay.wake();
        }
        return change;
    }

    public ModelVersion getVersion(String model, long version) {
        return read(c -> {
            var found = repository.findVersion(c, model, version);
            if (found.isPresent()) {
                return found.get();
            }
            throw repository.findModel(c, model).isEmpty() ? unknownModel(model)
                : RegistryException.notFound("Model '" + model + "' has no version " + version + ".");
        });
    }

    public ModelVersion resolveAlias(String model, String alias) {
        return read(c -> {
            var version = repository.findAlias(c, model, alias);
            if (version.isEmpty()) {
                throw repository.findModel(c, model).isEmpty() ? unknownModel(model)
                    : RegistryException.notFound("Model '" + model + "' has no alias '" + alias + "'.");
            }
            return repository.findVersion(c, model, version.get()).orElseThrow();
        });
    }

    public List<RegisteredModel> listModels() {
        return read(repository::listModels);
    }

    public RegisteredModel getModel(String model) {
        return read(c -> repository.findModel(c, model).orElseThrow(() -> unknownModel(model)));
    }

    public List<ModelVersion> listVersions(String model) {
        return read(c -> repository.listVersions(c, model));
    }

    public List<AuditEntry> audit(String model) {
        return read(c -> {
            if (repository.findModel(c, model).isEmpty()) {
                throw unknownModel(model);
            }
            return repository.listAudit(c, model);
        });
    }

    private static RegistryException unknownModel(String model) {
        return RegistryException.notFound("Model '" + model + "' is not registered.");
    }

    /** Work on a connection; may throw SQL and I/O errors. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private <T> T read(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("registry database error: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} with auto-commit off; {@code work} commits or rolls back itself. */
    private <T> T inTransaction(SqlWork<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            return work.run(c);
        } catch (SQLException e) {
            throw new IllegalStateException("registry database error: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("artifact store error: " + e.getMessage(), e);
        }
    }
}
