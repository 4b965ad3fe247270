package io.meridian.ingest.service;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import org.jboss.logging.Logger;

import io.meridian.ingest.model.DatasetContract;
import io.meridian.ingest.repository.ContractRepository;
import io.meridian.ingest.rest.ContractRequest;
import io.meridian.ingest.service.ContractValidator.ProposedField;
import io.meridian.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

/** Creates and reads versioned dataset contracts. */
@ApplicationScoped
public class ContractService {
    private static final Logger LOG = Logger.getLogger(ContractService.class);

    private final ContractRepository contracts;

    /** The stored contract and whether this call created it (false: identical to the current version). */
    public record PutResult(DatasetContract contract, boolean created) {
    }

    public ContractService(ContractRepository contracts) {
        this.contracts = contracts;
    }

    /** A v1 contract (fields, key, label). */
    public PutResult put(String name, List<ProposedField> proposed, Object key, String label) {
        return put(name, new ContractRequest(proposed, key, label));
    }

    /**
     * Stores the contract as version 1, or as the next version when it differs from the current one; an
     * identical contract returns the current version unchanged.
     */
    public PutResult put(String name, ContractRequest body) {
        if (body == null) {
            throw ProblemException.badRequest("body", "Send the contract as JSON: {\"fields\":[...],\"key\":...}.");
        }
        DatasetContract draft = ContractValidator.check(name, body);
        Optional<DatasetContract> current = contracts.latest(name);
        if (current.isPresent() && current.get().sameShape(draft)) {
            return new PutResult(current.get(), false);
        }
        int version = current.map(c -> c.version() + 1).orElse(1);
        DatasetContract contract = new DatasetContract(name, version, draft.fields(), draft.keyFields(), draft.label(),
            draft.cleansing(), draft.deduplicate(), draft.rules(), draft.retention(),
            Instant.now().truncatedTo(ChronoUnit.MICROS));
        if (!contracts.insert(contract)) {
            throw ProblemException.conflict("The contract of dataset '" + name
                + "' was changed by another request at the same time; send it again.");
        }
        LOG.infof("dataset contract stored: dataset=%s version=%d fields=%d", name, version, contract.fields().size());
        return new PutResult(contract, true);
    }

    /** The current contract; 404 problem when the dataset has none. */
    public DatasetContract current(String name) {
        return contracts.latest(name).orElseThrow(() -> ProblemException.notFound("Dataset '" + name
            + "' does not exist; create its contract with PUT /v1/datasets/" + name + "."));
    }

    /** Every version, oldest first; 404 problem when the dataset has none. */
    public List<DatasetContract> history(String name) {
        List<DatasetContract> all = contracts.all(name);
        if (all.isEmpty()) {
            current(name);
        }
        return all;
    }

    /** The current contract of every dataset. */
    public List<DatasetContract> currentOfAll() {
        return contracts.latestOfAll();
    }

    /** A given version (records keep the version they were stored under). */
    public DatasetContract version(String name, int version) {
        return contracts.find(name, version).orElseThrow(() -> new IllegalStateException(
            "contract " + name + " v" + version + " is missing"));
    }

    /** A given version; 404 problem when unknown. */
    public DatasetContract versionOrNotFound(String name, int version) {
        return contracts.find(name, version).orElseThrow(() -> ProblemException.notFound("Dataset '" + name
            + "' has no contract version " + version + "."));
    }
}
