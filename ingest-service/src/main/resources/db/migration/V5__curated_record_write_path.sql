-- curated_record is the write-heavy table of the platform (every valid record of every source). Measured on the
-- embedded PostgreSQL 17 with COPY of 20-field records (bench/README.md): its per-row cost was dominated by
-- parsing the values into JSONB, the foreign-key trigger on run_id and five B-tree indexes. After these changes a
-- COPY takes about half the server time per row.
--
-- record_values holds the JSON text the service writes (RecordJson / CopyRows, tested against Jackson) and reads
-- back as text; stored as text it is not parsed on the way in. Query it with a cast:
-- record_values::json ->> 'field' (or ::jsonb for containment).
ALTER TABLE curated_record ALTER COLUMN record_values TYPE TEXT USING record_values::text;
-- run_id is set by the service from the run it writes the batch for: the per-row RI trigger checked what cannot fail.
ALTER TABLE curated_record DROP CONSTRAINT IF EXISTS curated_record_run_id_fkey;
-- records are read per dataset in id order: one (dataset, id) key instead of an id key and a (dataset, id) index.
ALTER TABLE curated_record DROP CONSTRAINT curated_record_pkey;
DROP INDEX IF EXISTS curated_record_dataset_id;
ALTER TABLE curated_record ADD PRIMARY KEY (dataset, id);
-- retention deletes by age; rows arrive in time order, so a BRIN index (a few pages) serves the range.
DROP INDEX IF EXISTS curated_record_dataset_time;
CREATE INDEX curated_record_ingested_at ON curated_record USING BRIN (ingested_at);
