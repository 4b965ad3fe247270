package io.meridian.ingest.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.meridian.ingest.config.IngestConfig;
import io.meridian.ingest.rest.ContractRequest;
import io.meridian.problem.ProblemException;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Applies the contract files of {@code meridian.ingest.contracts-dir} at start-up: each {@code .yaml}/{@code .yml}/
 * {@code .json} file is the body of {@code PUT /v1/datasets/{name}}, the dataset named by its {@code name} entry or
 * else by the file name. An unchanged contract creates no version; an invalid file is logged and skipped.
 */
@ApplicationScoped
public class ContractFiles {
    private static final Logger LOG = Logger.getLogger(ContractFiles.class);

    private final ContractService contracts;
    private final IngestConfig config;
    private final ObjectMapper json;

    public ContractFiles(ContractService contracts, IngestConfig config, ObjectMapper json) {
        this.contracts = contracts;
        this.config = config;
        this.json = json;
    }

    void onStart(@Observes StartupEvent event) {
        config.contractsDir().ifPresent(this::load);
    }

    /** Applies every contract file of {@code dir} (sorted by name); returns how many were applied. */
    public int load(Path dir) {
        if (!Files.isDirectory(dir)) {
            LOG.warnf("contracts folder %s does not exist; no contract files applied", dir);
            return 0;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
            }).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("could not list contract files in " + dir, e);
        }
        int applied = 0;
        ObjectMapper yaml = json.copyWith(new YAMLFactory());
        for (Path file : files) {
            try {
                JsonNode node = yaml.readTree(file.toFile());
                if (!(node instanceof ObjectNode body)) {
                    throw new IOException("not a mapping");
                }
                String fileName = file.getFileName().toString();
                String name = body.hasNonNull("name") ? body.get("name").asText()
                    : fileName.substring(0, fileName.lastIndexOf('.'));
                body.remove("name");
                ContractRequest request = json.treeToValue(body, ContractRequest.class);
                ContractService.PutResult result = contracts.put(name, request);
                LOG.infof("contract file applied: file=%s dataset=%s version=%d created=%s", fileName, name,
                    result.contract().version(), result.created());
                applied++;
            } catch (IOException | ProblemException | IllegalArgumentException e) {
                LOG.errorf("contract file skipped: file=%s cause=%s", file, e.getMessage());
            }
        }
        return applied;
    }
}
