-- Sources configured through the API (/v1/sources): JDBC polling, REST pull, Kafka and MQTT.
-- config holds only environment variable NAMES for credentials, never their values.
CREATE TABLE ingest_source (
    name                 TEXT        PRIMARY KEY,
    dataset              TEXT        NOT NULL,
    type                 TEXT        NOT NULL,
    config               JSONB       NOT NULL,
    mapping              JSONB       NOT NULL DEFAULT '{}',
    -- RUNNING / PAUSED (wanted by the user) or ERROR (running, but the last attempt failed)
    status               TEXT        NOT NULL,
    -- where the next poll starts: {"watermark":..} (JDBC), {"offsets":{..}} (Kafka), {"lastPage":..} (REST), ...
    position             JSONB       NOT NULL DEFAULT '{}',
    last_run_id          UUID,
    last_run_at          TIMESTAMPTZ,
    runs                 BIGINT      NOT NULL DEFAULT 0,
    records_read         BIGINT      NOT NULL DEFAULT 0,
    records_stored       BIGINT      NOT NULL DEFAULT 0,
    records_quarantined  BIGINT      NOT NULL DEFAULT 0,
    records_deduplicated BIGINT      NOT NULL DEFAULT 0,
    last_error           TEXT,
    last_error_at        TIMESTAMPTZ,
    created_at           TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at           TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX ingest_source_dataset ON ingest_source (dataset);
