-- Platform tables every function needs (DESIGN.md "Events", "Shape"): the idempotency record, the
-- outbox, dead letters and runs. Domain tables (claims, groupings, prices...) come in later files.
-- Migrations never change once applied: add a new numbered file.

-- Idempotency record: one row per handled event, written in the same transaction as the handler's
-- effect, with the reply it produced, so a redelivery gets the same reply and changes nothing.
create table processed_event (
  consumer   text        not null,             -- the function that handled it
  source     text        not null,             -- CloudEvent source
  id         text        not null,             -- CloudEvent id
  type       text,                             -- CloudEvent type, for operators
  status     smallint    not null,             -- HTTP status answered (200 reply, 202 done)
  reply      jsonb,                            -- structured-mode reply event; null when none
  created_at timestamptz not null default now(),
  primary key (consumer, source, id)
);
-- Old records are pruned by age.
create index processed_event_created_at_idx on processed_event (created_at);

-- Transactional outbox: events beyond the single reply, appended with the effect and relayed to
-- the broker (K_SINK) afterwards.
create table outbox (
  id           bigserial   primary key,
  event        jsonb       not null,           -- structured-mode CloudEvent
  created_at   timestamptz not null default now(),
  published_at timestamptz
);
-- The relay only reads unpublished rows; a partial index stays small however long the table grows.
create index outbox_unpublished_idx on outbox (id) where published_at is null;

-- Events a route gave up on (400, or the last retry failed): listed and replayed by `casemix dlq`.
create table dead_letter (
  id       text        primary key,
  route    text        not null,               -- routing-table route (trigger) name
  event    jsonb       not null,               -- structured-mode CloudEvent as delivered
  status   smallint    not null,               -- last HTTP status; 0 when no response came
  reason   text        not null,
  attempts integer     not null check (attempts >= 1),
  at       timestamptz not null default now()
);
create index dead_letter_route_at_idx on dead_letter (route, at);

-- A long job (month-end, reprocessing a batch) is a run fanned out as chunk events; the last chunk,
-- counted with one UPDATE ... RETURNING, emits the completion event exactly once.
create table run (
  id           text        primary key,        -- run_...
  kind         text        not null,           -- 'intake', 'period-reprice', 'reprocess', ...
  subject      text,                           -- the batch or period it works on
  status       text        not null default 'running'
                 check (status in ('running', 'completed', 'failed')),
  chunks_total integer     check (chunks_total >= 0),
  chunks_done  integer     not null default 0 check (chunks_done >= 0),
  counts       jsonb       not null default '{}'::jsonb, -- e.g. {"claims": 10000, "rejected": 12}
  started_at   timestamptz not null default now(),
  updated_at   timestamptz not null default now(),
  finished_at  timestamptz
);
create index run_kind_started_idx on run (kind, started_at);
