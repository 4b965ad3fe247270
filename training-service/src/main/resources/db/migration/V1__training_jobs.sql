-- Training jobs of training-service. spec, metrics and ignored_features are JSON documents.
CREATE TABLE training_job (
    id               UUID PRIMARY KEY,
    dataset          TEXT             NOT NULL,
    algorithm        TEXT             NOT NULL,
    spec             JSONB            NOT NULL,
    state            TEXT             NOT NULL,
    progress         DOUBLE PRECISION NOT NULL DEFAULT 0,
    message          TEXT,
    failure_reason   TEXT,
    metrics          JSONB            NOT NULL DEFAULT '{}',
    ignored_features JSONB            NOT NULL DEFAULT '[]',
    model_name       TEXT,
    model_version    BIGINT,
    created_at       TIMESTAMPTZ      NOT NULL,
    updated_at       TIMESTAMPTZ      NOT NULL
);

-- start-up recovery looks for jobs a crash left behind
CREATE INDEX training_job_unfinished ON training_job (state) WHERE state IN ('QUEUED', 'RUNNING');
