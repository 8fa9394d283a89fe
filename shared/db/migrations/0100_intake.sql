-- Intake, validate and dedupe (issue 4). Range 0100-0199.

-- Each landing chunk intake recorded: inserted once in the transaction that records the chunk's
-- claim rows and its outbox event, so a re-run of the same file (same batch id) adds nothing twice.
create table intake_chunk (
  chunk_id    text        primary key,            -- chk_...
  batch_id    text        not null references batch (id),
  chunk_index integer     not null check (chunk_index >= 0),
  object_key  text        not null,
  sha256      text        not null,
  row_count   integer     not null check (row_count >= 0),
  event_id    text        not null,
  created_at  timestamptz not null default now(),
  unique (batch_id, chunk_index)
);

-- Why a row was flagged for review without being stopped (probable duplicate of another claim).
alter table claim_row add column flags jsonb;

-- The SFTP pull connector's ledger: a remote file is fetched once. A row is inserted before the
-- fetch ('fetching'), with the batch id its content will get, and set 'done' after the file was
-- stored and split; a dropped connection leaves 'fetching', and the next poll resumes the same batch.
create table sftp_file (
  remote_path  text        not null,
  size         bigint      not null,
  modified_at  bigint      not null,             -- remote mtime, ms since epoch
  batch_id     text        not null,
  status       text        not null default 'fetching' check (status in ('fetching', 'done', 'failed')),
  sha256       text,
  error        text,
  attempts     integer     not null default 1,
  -- One poller at a time per file: a poller holds the lease while it fetches; a crashed one's expires.
  leased_until timestamptz not null default now(),
  created_at   timestamptz not null default now(),
  done_at      timestamptz,
  primary key (remote_path, size, modified_at)
);
