-- A run's curated records are found through the id ranges its batches were stored in, instead of a B-tree on run_id.
-- The B-tree cost PostgreSQL about 0.8 us of 5.7 per stored 20-field record (binary COPY into this table on the
-- embedded server), and it did not serve the paged query by run either: its entries are in heap order, not id order,
-- so a page had to sort the run's records. A batch's ids lie in [first_id, last_id] (read from the id sequence
-- around its COPY, in the batch's transaction); a page of a run is a primary-key range scan of
-- [min(first_id), max(last_id)] filtered by run_id, in id order, stopping at the page's limit. Records of other
-- runs written at the same time into the same dataset fall inside the range and are skipped by the filter.
CREATE TABLE curated_record_batch (
    run_id   UUID   NOT NULL,
    dataset  TEXT   NOT NULL,
    first_id BIGINT NOT NULL,
    last_id  BIGINT NOT NULL,
    PRIMARY KEY (run_id, first_id)
);
-- the records stored before this migration: one range per run
INSERT INTO curated_record_batch (run_id, dataset, first_id, last_id)
SELECT run_id, dataset, min(id), max(id) FROM curated_record GROUP BY run_id, dataset;
DROP INDEX curated_record_run;
