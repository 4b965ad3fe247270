package io.meridian.ingest.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.meridian.ingest.service.ContractService;
import io.meridian.ingest.service.IngestionService;
import io.meridian.problem.ProblemException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The source registry: validates and persists sources, and runs each one that is not paused on a thread of
 * its own from the sources' executor. Sources that were running (or in error) start again when the service
 * starts; all stop cleanly (current poll finished, connections closed) when it shuts down.
 */
@ApplicationScoped
public class SourceManager {
    private static final Logger LOG = Logger.getLogger(SourceManager.class);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");
    private static final long STOP_WAIT_SECONDS = 30;

    private final SourceRepository repository;
    private final ContractService contracts;
    private final IngestionService ingestion;
    private final SourceMetrics metrics;
    private final ObjectMapper json;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final ExecutorService executor;

    private record Running(SourceWorker worker, Future<?> future) {
    }

    public SourceManager(SourceRepository repository, ContractService contracts, IngestionService ingestion,
        SourceMetrics metrics, ObjectMapper json) {
        this.repository = repository;
        this.contracts = contracts;
        this.ingestion = ingestion;
        this.metrics = metrics;
        this.json = json;
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "ingest-source-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    void onStart(@Observes StartupEvent event) {
        for (Source source : repository.list()) {
            if (!source.paused()) {
                start(source);
            }
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        running.keySet().forEach(this::stop);
        executor.shutdown();
        try {
            executor.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** Validates, stores and starts a new source; 400 naming the field, 409 when the name is taken. */
    public Source create(String name, String dataset, String type, ObjectNode config, ObjectNode mapping) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ProblemException.badRequest("name", "A source name is 1-63 characters: lower-case letters, digits, "
                + "'.', '_' or '-', starting with a letter or digit.");
        }
        if (dataset == null || dataset.isBlank()) {
            throw ProblemException.badRequest("dataset", "Name the dataset the source feeds.");
        }
        SourceType sourceType = SourceType.parse(type).orElseThrow(() -> ProblemException.badRequest("type",
            "The type must be jdbc, rest, kafka or mqtt."));
        if (config == null) {
            throw ProblemException.badRequest("config", "Give the source's config object.");
        }
        ObjectNode map = mapping == null ? json.createObjectNode() : mapping;
        try {
            SourceConfig.refuseLiteralSecrets(config, "config");
            validate(sourceType, new SourceConfig(config), name);
            FieldMapper.parse(map);
        } catch (ConfigException e) {
            throw ProblemException.badRequest(e.field(), e.getMessage());
        }
        try {
            contracts.current(dataset);
        } catch (ProblemException e) {
            throw ProblemException.badRequest("dataset", "Dataset '" + dataset + "' does not exist: create its "
                + "contract with PUT /v1/datasets/" + dataset + " first.");
        }
        if (!repository.insert(name, dataset, sourceType, config, map)) {
            throw ProblemException.conflict("A source named '" + name + "' already exists; delete it first to "
                + "change its configuration.");
        }
        Source source = get(name);
        LOG.infof("source created: source=%s type=%s dataset=%s", name, sourceType.json(), dataset);
        start(source);
        return source;
    }

    public List<Source> list() {
        return repository.list();
    }

    public Source get(String name) {
        return repository.find(name).orElseThrow(() -> ProblemException.notFound("Source '" + name
            + "' does not exist."));
    }

    /** Stops the source after its current poll and keeps it paused (also across restarts). */
    public Source pause(String name) {
        get(name);
        repository.setStatus(name, SourceStatus.PAUSED);
        stop(name);
        LOG.infof("source paused: source=%s", name);
        return get(name);
    }

    /** Starts a paused source again from its recorded position. */
    public Source resume(String name) {
        Source source = get(name);
        if (source.paused()) {
            repository.setStatus(name, SourceStatus.RUNNING);
            source = get(name);
        }
        start(source);
        LOG.infof("source resumed: source=%s", name);
        return source;
    }

    /** Stops and forgets the source (its runs and records stay). */
    public void delete(String name) {
        get(name);
        stop(name);
        repository.delete(name);
        LOG.infof("source deleted: source=%s", name);
    }

    private void validate(SourceType type, SourceConfig config, String name) {
        switch (type) {
            case JDBC -> JdbcConnector.Settings.parse(config);
            case REST -> RestConnector.Settings.parse(config);
            case KAFKA -> KafkaConnector.Settings.parse(config, name);
            case MQTT -> MqttConnector.Settings.parse(config, name);
        }
        config.number("retryBackoffMs", 1000, 1, 3_600_000);
        config.number("maxBackoffMs", 60_000, 1, 86_400_000);
    }

    private synchronized void start(Source source) {
        if (running.containsKey(source.name())) {
            return;
        }
        Function<SourceContext, Connector> opener = switch (source.sourceType()) {
            case JDBC -> JdbcConnector::new;
            case REST -> RestConnector::new;
            case KAFKA -> KafkaConnector::new;
            case MQTT -> MqttConnector::new;
        };
        SourceContext context = new SourceContext(source, new Secrets(), ingestion, repository, metrics, json);
        SourceWorker worker = new SourceWorker(context, opener, repository, metrics);
        running.put(source.name(), new Running(worker, executor.submit(worker)));
    }

    private synchronized void stop(String name) {
        Running r = running.remove(name);
        if (r == null) {
            return;
        }
        r.worker().stop();
        try {
            r.future().get(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warnf("source %s did not stop within %ds; interrupting it", name, STOP_WAIT_SECONDS);
            r.future().cancel(true);
        } catch (ExecutionException e) {
            LOG.warnf("source %s ended with %s", name, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
