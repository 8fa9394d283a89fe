-- Late claims end like any other (issue 16.1). A claim of a period already closing or closed is priced
-- into an adjustment run of that period; price records that run on the claim's row, so the batch status
-- and the result file show which run paid it (null: the batch's own first pricing).
alter table claim_row add column if not exists adjustment_run_id text;
-- The batch status lists a batch's adjustment runs at every poll: partial, so it holds only late rows
-- and no state update (which never touches this column) loses its HOT path.
create index if not exists claim_row_adjustment_run_idx on claim_row (batch_id, adjustment_run_id) where adjustment_run_id is not null;

-- A close that changes nothing (the versions in force over the period are those of the last close run)
-- still answers with a run id: that run is recorded complete, pointing at the run whose prices stand,
-- so GET /runs/{id} can read it back.
alter table run add column if not exists same_as text;
