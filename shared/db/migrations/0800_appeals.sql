-- Appeals (issue 19). Range 0800-0819. A hospital disputes one claim version; a ministry reviewer
-- decides; a decision that changes the claim is applied through the pipeline as a new claim version
-- (a batch of one claim on the `appeal` channel), so nothing paid is ever overwritten.

-- An appeal and where it stands. `state` moves filed -> under_review -> decided -> applied -> closed,
-- or to withdrawn before a decision (functions/appeals/src/states.ts holds the allowed moves).
create table appeal (
  appeal_id        text        primary key,                  -- apl_...
  hospital_code    text        not null,
  claim_id         text        not null,
  claim_version    integer     not null,
  reason_code      text        not null,
  reason_text      text        not null,
  state            text        not null default 'filed'
                     check (state in ('filed', 'under_review', 'decided', 'applied', 'closed', 'withdrawn')),
  state_since      timestamptz not null,                      -- when the current state was entered (deadlines count from it)
  escalated_at     timestamptz,                               -- set when the current state's deadline passed; cleared on the next move
  filed_by         text        not null,
  reviewer         text,
  decision         text check (decision in ('upheld', 'overturned', 'partly')),
  decision_note    text,
  coding           jsonb,                                     -- the corrected coding the reviewer chose
  apply_batch_id   text,                                      -- the batch that carries the new claim version
  before_drg       text,
  before_total_sen bigint,
  before_period    text,
  after_version    integer,
  after_drg        text,
  after_total_sen  bigint,
  after_run_id     text,                                      -- the run that paid the new version (run_<batch> or an adjustment run)
  apply_error      jsonb,                                     -- the new version did not end priced (rejected, ungroupable): why
  created_at       timestamptz not null
);
create index appeal_hospital_idx on appeal (hospital_code, created_at);
create index appeal_open_idx on appeal (state, state_since) where state in ('filed', 'under_review', 'decided', 'applied');
create unique index appeal_apply_batch_idx on appeal (apply_batch_id) where apply_batch_id is not null;
-- One open appeal per claim version: a second filing while one is open is refused.
create unique index appeal_open_claim_idx on appeal (claim_id, claim_version) where state in ('filed', 'under_review', 'decided');

-- Every move of an appeal, with its actor (the audit trail holds the same, hash-chained).
create table appeal_transition (
  appeal_id  text        not null references appeal (appeal_id),
  seq        integer     not null,
  from_state text,
  to_state   text        not null,
  actor      text        not null,
  at         timestamptz not null,
  detail     jsonb       not null default '{}'::jsonb,
  primary key (appeal_id, seq)
);

-- Evidence files: stored at `appeals/<appeal>/<evidence>` only after the type check, size limit and
-- the virus scan passed; sha256 of the bytes as stored.
create table appeal_evidence (
  evidence_id   text        primary key,                     -- evd_...
  appeal_id     text        not null references appeal (appeal_id),
  hospital_code text        not null,
  file_name     text        not null,
  media_type    text        not null,
  bytes         bigint      not null,
  sha256        text        not null,
  object_key    text        not null,
  scanner       text        not null,                        -- the scanner's version line
  uploaded_by   text        not null,
  created_at    timestamptz not null
);
create index appeal_evidence_appeal_idx on appeal_evidence (appeal_id, created_at);

-- A decision is applied as a batch of its own, on its own channel.
alter table batch drop constraint if exists batch_channel_check;
alter table batch add constraint batch_channel_check check (channel in ('rest', 'upload', 'sftp', 'smrp', 'appeal'));

select casemix_enable_hospital_rls('appeal');
select casemix_enable_hospital_rls('appeal_evidence');
