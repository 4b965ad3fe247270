-- Offline store: every ingested record, append-only. Redelivery of the same event is a no-op
-- thanks to the (dataset, run_id, row_number) key.
CREATE TABLE offline_record (
    id               BIGSERIAL PRIMARY KEY,
    dataset          TEXT        NOT NULL,
    entity_key       TEXT COLLATE "C" NOT NULL, -- byte order: stable key order for paging
    event_time       TIMESTAMPTZ NOT NULL,
    run_id           TEXT        NOT NULL,
    row_number       BIGINT      NOT NULL,
    contract_version INTEGER     NOT NULL,
    -- meridian.data.v1.Record bytes: keeps the exact value types (int vs double, timestamps)
    record           BYTEA       NOT NULL,
    consumed_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT offline_record_event_uk UNIQUE (dataset, run_id, row_number)
);

-- Point-in-time reads: latest row per entity key as of an instant, in key order.
CREATE INDEX offline_record_pit_idx ON offline_record (dataset, entity_key, event_time DESC, row_number DESC, id DESC);

-- Online store: the latest row per entity key.
CREATE TABLE online_feature (
    dataset          TEXT        NOT NULL,
    entity_key       TEXT COLLATE "C" NOT NULL, -- byte order: stable key order for paging
    event_time       TIMESTAMPTZ NOT NULL,
    run_id           TEXT        NOT NULL,
    row_number       BIGINT      NOT NULL,
    contract_version INTEGER     NOT NULL,
    record           BYTEA       NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset, entity_key)
);

-- Feature catalogue: every column name seen per dataset (validates projections).
CREATE TABLE dataset_feature (
    dataset       TEXT        NOT NULL,
    feature       TEXT        NOT NULL,
    first_seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (dataset, feature)
);
