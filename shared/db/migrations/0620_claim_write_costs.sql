-- Less work per claim written (issue 4 and 8 throughput): no per-row foreign key checks on the tables
-- written once per claim, and no index that no query reads.

-- A foreign key makes PostgreSQL run, for every inserted row, a lookup of the referenced row with
-- FOR KEY SHARE: on PGlite that was 36% of inserting a chunk's claim rows (10,000 rows: 162 ms with
-- the check, 104 ms without), and on PostgreSQL every chunk transaction of a batch share-locks the
-- same batch row. The rows are written only by validate and dedupe, for the batch of the event they
-- handle, which intake recorded (batch, then intake_chunk, then the event, in one transaction); a
-- grouping's definition version is the one group read from config_version, which is never deleted.
alter table claim_row drop constraint if exists claim_row_batch_id_fkey;
alter table grouping drop constraint if exists grouping_definition_version_id_fkey;

-- Every statement reads claim by claim_id (the primary key) or, for the probable-duplicate probe, by
-- (patient_pseudo, hospital_code); month-end reads a period through claim_pricing_input's period index.
-- (period, hospital_code) on claim was read by nothing and written for every claim and correction.
drop index if exists claim_period_idx;
