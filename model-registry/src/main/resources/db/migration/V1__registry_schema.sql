-- model-registry schema: registered models, immutable versions, aliases, audit trail, event outbox.

-- Rejects UPDATE and DELETE on append-only / immutable tables.
CREATE FUNCTION registry_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % is not allowed', TG_TABLE_NAME, TG_OP;
END;
$$;

CREATE TABLE registered_model (
    name            TEXT PRIMARY KEY CHECK (name ~ '^[a-z0-9][a-z0-9_.-]{0,99}$'),
    -- highest version number handed out; bumped under the row lock, so numbers are monotonic per model
    latest_version  BIGINT      NOT NULL DEFAULT 0 CHECK (latest_version >= 0),
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE model_version (
    model_name          TEXT        NOT NULL REFERENCES registered_model (name),
    version             BIGINT      NOT NULL CHECK (version > 0),
    format              TEXT        NOT NULL,
    description         TEXT        NOT NULL DEFAULT '',
    inputs              JSONB       NOT NULL DEFAULT '[]'::jsonb,
    outputs             JSONB       NOT NULL DEFAULT '[]'::jsonb,
    metrics             JSONB       NOT NULL DEFAULT '{}'::jsonb,
    tags                JSONB       NOT NULL DEFAULT '{}'::jsonb,
    source_job_id       TEXT        NOT NULL DEFAULT '',
    artifact_sha256     CHAR(64)    NOT NULL CHECK (artifact_sha256 ~ '^[0-9a-f]{64}$'),
    artifact_size_bytes BIGINT      NOT NULL CHECK (artifact_size_bytes > 0),
    artifact_location   TEXT        NOT NULL,
    created_by          TEXT        NOT NULL,
    created_at          TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (model_name, version)
);

CREATE TRIGGER model_version_immutable
    BEFORE UPDATE OR DELETE ON model_version
    FOR EACH ROW EXECUTE FUNCTION registry_reject_change();

CREATE TABLE model_alias (
    model_name  TEXT        NOT NULL,
    alias       TEXT        NOT NULL CHECK (alias ~ '^[a-z0-9][a-z0-9_.-]{0,99}$'),
    version     BIGINT      NOT NULL,
    updated_by  TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (model_name, alias),
    FOREIGN KEY (model_name, version) REFERENCES model_version (model_name, version)
);

CREATE TABLE audit_event (
    id          BIGSERIAL PRIMARY KEY,
    model_name  TEXT        NOT NULL REFERENCES registered_model (name),
    action      TEXT        NOT NULL,
    subject     TEXT        NOT NULL,
    version     BIGINT,
    alias       TEXT,
    details     JSONB       NOT NULL DEFAULT '{}'::jsonb,
    at          TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX audit_event_model_idx ON audit_event (model_name, id);

CREATE TRIGGER audit_event_append_only
    BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION registry_reject_change();

-- Transactional outbox: events are written in the same transaction as the change they describe and
-- published to Kafka by the outbox relay afterwards (at-least-once; ce_id = event_id for de-duplication).
CREATE TABLE event_outbox (
    id          BIGSERIAL PRIMARY KEY,
    event_id    UUID        NOT NULL UNIQUE,
    topic       TEXT        NOT NULL,
    event_key   TEXT        NOT NULL,
    event_type  TEXT        NOT NULL,
    payload     BYTEA       NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    sent_at     TIMESTAMPTZ,
    attempts    INT         NOT NULL DEFAULT 0,
    last_error  TEXT
);
CREATE INDEX event_outbox_pending_idx ON event_outbox (id) WHERE sent_at IS NULL;
