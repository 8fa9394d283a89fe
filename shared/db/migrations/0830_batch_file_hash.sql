-- A file sent again is found by its hash (issue 18.6): intake answers a second upload of the same
-- bytes for the same hospital with the batch that first took them.
create index batch_hospital_raw_sha256_idx on batch (hospital_code, raw_sha256) where raw_sha256 is not null;
