-- Fewer indexes on the two tables every claim is written to (issue 4 throughput: intake inserts a
-- claim_row per submitted row, dedupe inserts or updates a claim and updates the row). Each index
-- costs an entry per row inserted and per non-HOT update.

-- No statement reads claim_row by chunk (every per-chunk statement reads a chunk's rows through the
-- primary key's row_no range), and the one that looked rows up by (claim_id, version), an outlier
-- review's decision, now goes through outlier_decision's (batch_id, row_no). Without an index on
-- claim_id, dedupe's update of the row (claim_id, version, state, dates) is a HOT update.
drop index if exists claim_row_chunk_idx;
drop index if exists claim_row_claim_idx;

-- claim_id is clm_ + 128 bits of SHA-256 of (hospital code, claim number), so the primary key already
-- holds one row per (hospital, claim number); dedupe's upsert arbitrates on claim_id.
alter table claim drop constraint if exists claim_hospital_code_claim_number_key;
