package io.meridian.ingest.rest;

import java.util.List;

import io.meridian.ingest.service.ContractValidator.ProposedField;

/**
 * Body of {@code PUT /v1/datasets/{name}}: the columns ({@code name}, {@code type} one of string, integer,
 * decimal, boolean, timestamp, {@code required}), the key column and the optional label column.
 */
public record ContractRequest(List<ProposedField> fields, String key, String label) {
}
