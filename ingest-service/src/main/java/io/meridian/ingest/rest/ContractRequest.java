package io.meridian.ingest.rest;

import java.util.List;

import io.meridian.ingest.model.Cleansing;
import io.meridian.ingest.model.Deduplication;
import io.meridian.ingest.service.ContractValidator.ProposedField;

/**
 * Body of {@code PUT /v1/datasets/{name}} (and of a contract YAML/JSON file loaded at start-up): the fields, the
 * key ({@code "id"} or a composite {@code ["region","id"]}), the optional label, contract-level cleansing,
 * deduplication, cross-field rules and retention. A v1 body ({@code fields}, {@code key}, {@code label}) is
 * still accepted as is. See the ingest-service README for the full format.
 */
public record ContractRequest(List<ProposedField> fields, Object key, String label, Cleansing cleansing,
    Deduplication deduplicate, List<String> rules, String retention) {

    /** A v1 request. */
    public ContractRequest(List<ProposedField> fields, Object key, String label) {
        this(fields, key, label, null, null, null, null);
    }
}
