-- Batches and claims (DESIGN.md "Claims, dates and versions"). Every submitted row is accounted for
-- in claim_row; claim holds the current version of each (hospital, claim number); each step writes
-- its own result tables keyed by (claim_id, version) in later migrations.

create table batch (
  id            text        primary key,                 -- bat_...
  hospital_code text        not null,
  channel       text        not null check (channel in ('rest', 'upload', 'sftp', 'smrp')),
  file_name     text,
  raw_key       text,                                    -- the file as received, under raw/
  raw_sha256    text,
  raw_bytes     bigint,
  status        text        not null default 'receiving'
                  check (status in ('receiving', 'processing', 'completed', 'failed')),
  rows_received integer     not null default 0,
  chunks_total  integer,                                 -- known once the file was read to its end
  chunks_done   integer     not null default 0,
  error         text,
  created_at    timestamptz not null default now(),
  completed_at  timestamptz                              -- set once, by whoever counts the last chunk
);
create index batch_hospital_created_idx on batch (hospital_code, created_at);

-- One row per submitted row of a batch, whatever became of it.
create table claim_row (
  batch_id       text    not null references batch (id),
  row_no         integer not null,                       -- 1-based position in the batch
  chunk_id       text    not null,
  hospital_code  text,
  claim_number   text,
  claim_id       text,                                   -- clm_<hash(hospital, claim number)>
  version        integer,                                -- assigned by dedupe
  content_hash   text,
  patient_pseudo text,
  admission_date date,
  discharge_date date,
  period         text,                                   -- YYYY-MM of the discharge date
  state          text    not null default 'received',
  errors         jsonb,                                  -- [{code, field, message}]
  primary key (batch_id, row_no)
);
create index claim_row_chunk_idx on claim_row (chunk_id);
create index claim_row_claim_idx on claim_row (claim_id, version);

-- The current version of each claim; older versions stay in claim_row with state 'superseded'.
create table claim (
  claim_id        text        primary key,
  hospital_code   text        not null,
  claim_number    text        not null,
  current_version integer     not null,
  content_hash    text        not null,
  batch_id        text        not null,
  row_no          integer     not null,
  patient_pseudo  text,
  admission_date  date,
  discharge_date  date,
  period          text,
  state           text        not null,
  updated_at      timestamptz not null default now(),
  unique (hospital_code, claim_number)
);
create index claim_period_idx on claim (period, hospital_code);
create index claim_patient_idx on claim (patient_pseudo, hospital_code);
