-- Versioned dataset contracts: a changed contract is a new version; versions never change.
CREATE TABLE dataset_contract (
    name        TEXT        NOT NULL,
    version     INT         NOT NULL,
    fields      JSONB       NOT NULL,
    key_field   TEXT        NOT NULL,
    label_field TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (name, version)
);

-- One row per upload (CSV or gRPC): the lineage of every curated record.
CREATE TABLE ingestion_run (
    run_id               UUID        PRIMARY KEY,
    dataset              TEXT        NOT NULL,
    contract_version     INT         NOT NULL,
    source               TEXT        NOT NULL,
    status               TEXT        NOT NULL,
    rows_read            BIGINT      NOT NULL DEFAULT 0,
    rows_stored          BIGINT      NOT NULL DEFAULT 0,
    rows_rejected        BIGINT      NOT NULL DEFAULT 0,
    rejections_truncated BOOLEAN     NOT NULL DEFAULT FALSE,
    failure              TEXT,
    started_at           TIMESTAMPTZ NOT NULL,
    ended_at             TIMESTAMPTZ,
    FOREIGN KEY (dataset, contract_version) REFERENCES dataset_contract (name, version)
);
CREATE INDEX ingestion_run_dataset ON ingestion_run (dataset, started_at);

-- The first N rejections of a run (N = meridian.ingest.max-stored-rejections); counts are in ingestion_run.
CREATE TABLE run_rejection (
    run_id     UUID   NOT NULL REFERENCES ingestion_run (run_id) ON DELETE CASCADE,
    seq        INT    NOT NULL,
    row_number BIGINT NOT NULL,
    field      TEXT   NOT NULL DEFAULT '',
    reason     TEXT   NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Curated records. Duplicate keys within or across runs are kept as separate rows for now.
CREATE TABLE curated_record (
    id               BIGSERIAL   PRIMARY KEY,
    dataset          TEXT        NOT NULL,
    record_key       TEXT        NOT NULL,
    contract_version INT         NOT NULL,
    run_id           UUID        NOT NULL REFERENCES ingestion_run (run_id),
    row_number       BIGINT      NOT NULL,
    record_values    JSONB       NOT NULL,
    ingested_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX curated_record_dataset_id ON curated_record (dataset, id);
CREATE INDEX curated_record_dataset_key ON curated_record (dataset, record_key);
CREATE INDEX curated_record_run ON curated_record (run_id);
