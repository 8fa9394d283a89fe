-- Claims a period run could not reprice because the database refused a value of their new price
-- (SQLSTATE class 22 or 23, found by the runtime's row isolation): the claim keeps the price in force
-- before the run (nothing of it is written) and the run names it here, so the run and the period still
-- finish. Read back by GET /v1/runs/{runId} (`refusedClaims`); counted in run.counts.refused.
-- The message names the rule the value broke, never the value.
create table period_run_refused (
  run_id        text        not null,
  claim_id      text        not null,
  version       integer     not null,
  hospital_code text        not null,
  chunk_index   integer     not null,
  error_code    text        not null,
  message       text        not null,
  created_at    timestamptz not null default now(),
  primary key (run_id, claim_id, version)
);

-- Hospital-scoped like price (migration 0760): a close run writes it in the system scope, and the
-- national roles that read runs read in it.
select casemix_enable_hospital_rls('period_run_refused');
