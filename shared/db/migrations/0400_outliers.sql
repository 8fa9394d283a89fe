-- Outlier checks (issue 6): frozen baselines, the decision log, the review queue and the audit log.

-- A baseline frozen from closed periods: immutable, seeded, versioned. A chunk is judged against the
-- latest baseline frozen at or before its event's time, so a redelivered chunk meets the same one.
create table outlier_baseline (
  id        text        primary key,                  -- obl_v<version>_<digest>
  version   integer     not null unique,
  seed      bigint      not null,
  periods   text[]      not null,                     -- closed periods it learned from
  claims    integer     not null,
  frozen_at timestamptz not null,
  body      jsonb       not null                      -- the Baseline (peer statistics and forest)
);
create index outlier_baseline_frozen_idx on outlier_baseline (frozen_at);

-- Every decision with its inputs and each check's numbers, one row per claim version and run
-- ('' for first pricing), so any flag, or its absence, can be explained later.
create table outlier_decision (
  claim_id          text        not null,
  version           integer     not null,
  run_id            text        not null default '',
  batch_id          text        not null,
  chunk_id          text        not null,
  row_no            integer     not null,
  event_id          text        not null,             -- the claims.chunk.priced event judged
  hospital_code     text        not null,
  period            text,
  baseline_id       text,                             -- null when no baseline was in force
  tariff_version_id text        not null,
  inputs            jsonb       not null,             -- drg, class, los, charges, trim points...
  checks            jsonb       not null,             -- per check: outcome and numbers
  flags             jsonb       not null,             -- [{kind, reason, baselineId}]
  flagged           boolean     not null,
  decided_at        timestamptz not null default now(),
  primary key (claim_id, version, run_id)
);
create index outlier_decision_period_idx on outlier_decision (period, hospital_code) where flagged;

-- Chunks judged, once each: the guard that counts a chunk on its batch only once.
create table outlier_chunk (
  batch_id     text        not null,
  chunk_id     text        not null,
  run_id       text        not null default '',
  event_id     text        not null,
  object_key   text        not null,                  -- flag-outlier/<batch>/<chunk>/<event>.parquet
  final        integer     not null,
  under_review integer     not null,
  total_sen    numeric     not null,
  done_at      timestamptz not null default now(),
  primary key (batch_id, chunk_id, run_id)
);

-- Flagged claims wait here for a reviewer; accepting or rejecting makes the claim final.
create table outlier_review (
  claim_id      text        not null,
  version       integer     not null,
  run_id        text        not null default '',
  hospital_code text        not null,
  period        text,
  batch_id      text        not null,
  row_no        integer     not null,
  flags         jsonb       not null,
  baseline_id   text,
  status        text        not null default 'open' check (status in ('open', 'accepted', 'rejected')),
  decided_by    text,
  decided_at    timestamptz,
  comment       text,
  created_at    timestamptz not null default now(),
  primary key (claim_id, version, run_id)
);
create index outlier_review_queue_idx on outlier_review (status, hospital_code, created_at);

-- Who did what to which subject, append-only. Shared by every function that acts for a person.
create table if not exists audit_log (
  id      bigserial   primary key,
  at      timestamptz not null default now(),
  actor   text        not null,                       -- the token's sub
  roles   text[]      not null default '{}',
  action  text        not null,                       -- e.g. outlier-review.accept
  subject text        not null,                       -- e.g. clm_.../v1
  detail  jsonb       not null default '{}'::jsonb
);
create index if not exists audit_log_subject_idx on audit_log (subject, at);
