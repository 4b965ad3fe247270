-- curated_record is the write-heavy table of the platform (every valid record of every source). Measured on the
-- embedded PostgreSQL 17 with COPY of 20-field records (bench/README.md): its per-row cost was dominated by
-- (1) parsing the JSON into JSONB, (2) the foreign-key trigger on run_id and (3) five B-tree indexes. With the
-- changes below COPY takes about half the server time per row.
--
-- (1) record_values is kept as JSON text: the service writes it (RecordJson) and reads it back as text; the
--     server still checks it is JSON, and ->> / -> work on json as on jsonb (cast to jsonb for containment).
ALTER TABLE curated_record ALTER COLUMN record_values TYPE JSON USING record_values::json;
-- (2) run_id is set by the service from the run it writes the batch for, inside the run's transaction: the
--     per-row RI trigger checked what cannot fail.
ALTER TABLE curated_record DROP CONSTRAINT IF EXISTS curated_record_run_id_fkey;
-- (3) retention deletes by age; rows arrive in time order, so a BRIN index (a few pages) serves the range.
DROP INDEX IF EXISTS curated_record_dataset_time;
CREATE INDEX curated_record_ingested_at ON curated_record USING BRIN (ingested_at);
