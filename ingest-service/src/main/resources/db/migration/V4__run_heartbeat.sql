-- A running run writes its counts and a heartbeat after every batch; a RUNNING run whose heartbeat is older than
-- meridian.ingest.run-stale-after was abandoned (the service stopped during it) and is marked FAILED.
ALTER TABLE ingestion_run ADD COLUMN heartbeat_at TIMESTAMPTZ;
UPDATE ingestion_run SET heartbeat_at = COALESCE(ended_at, started_at);
CREATE INDEX ingestion_run_running ON ingestion_run (heartbeat_at) WHERE status = 'RUNNING';
