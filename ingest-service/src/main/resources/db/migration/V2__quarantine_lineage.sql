-- Issue 3 (core): contract v2 options, run lineage, the quarantine.

-- Contract-level options of v2 contracts (composite key, cleansing, deduplication, rules, retention); null for v1.
ALTER TABLE dataset_contract ADD COLUMN options JSONB;

-- Run lineage: deduplicated count, input bytes and checksum, source details.
ALTER TABLE ingestion_run
    ADD COLUMN rows_deduplicated BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN bytes_read        BIGINT NOT NULL DEFAULT 0,
    ADD COLUMN input_sha256      TEXT;

-- Records that failed their contract: original payload, every failed rule, source coordinates.
CREATE TABLE quarantined_record (
    id               BIGSERIAL   PRIMARY KEY,
    dataset          TEXT        NOT NULL,
    run_id           UUID        NOT NULL REFERENCES ingestion_run (run_id),
    contract_version INT         NOT NULL,
    position         BIGINT      NOT NULL,
    coordinates      TEXT,
    payload          TEXT,
    -- the raw fields as the source gave them (null when the record could not be parsed); replay re-validates these
    raw_fields       JSONB,
    violations       JSONB       NOT NULL,
    status           TEXT        NOT NULL,
    quarantined_at   TIMESTAMPTZ NOT NULL,
    replay_run_id    UUID,
    replayed_at      TIMESTAMPTZ
);
CREATE INDEX quarantined_record_dataset_id ON quarantined_record (dataset, id);
CREATE INDEX quarantined_record_run ON quarantined_record (run_id);
CREATE INDEX quarantined_record_dataset_time ON quarantined_record (dataset, quarantined_at);

-- Retention deletes curated records by age.
CREATE INDEX curated_record_dataset_time ON curated_record (dataset, ingested_at);
