-- Notify: webhook subscriptions, the durable delivery queue, every attempt, dead letters and the
-- signing keys' public facts (issue 7). Range 0500-0599. Shapes: shared/webhooks/README.md.

-- Who gets which outcome events. hospital_code is null for MyGDX (national) targets; every read by
-- a hospital caller is filtered by it, so a hospital sees only its own.
create table webhook_subscriptions (
  id              text        primary key,              -- sub_...
  target          text        not null check (target in ('mygdx', 'hospital')),
  hospital_code   text,
  url             text        not null check (url like 'https://%'),
  event_types     text[]      not null check (cardinality(event_types) >= 1),
  auth_kind       text        not null check (auth_kind in ('none', 'oidc-mtls')),
  credentials_id  text,                                 -- names a configured client; secrets live in the env
  signing_key_ids text[]      not null check (cardinality(signing_key_ids) >= 1),
  status          text        not null default 'active' check (status in ('active', 'disabled')),
  disabled_reason text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  check ((target = 'hospital') = (hospital_code is not null)),
  check ((auth_kind = 'oidc-mtls') = (credentials_id is not null))
);
create index webhook_subscriptions_hospital_idx on webhook_subscriptions (hospital_code);

-- Signing keys by id. Only public facts: the secret (whsec_/whsk_) comes from the env or a KMS and
-- never sits in a row; public_key is the whpk_ key of an Ed25519 key (null for HMAC), for the JWKS.
create table webhook_signing_keys (
  id          text        primary key,
  kind        text        not null check (kind in ('hmac', 'ed25519')),
  public_key  text,
  status      text        not null default 'active' check (status in ('active', 'retired')),
  created_at  timestamptz not null default now(),
  retired_at  timestamptz
);

-- The durable queue: one row per (event, subscription), keyed by the webhook id derived from both,
-- so a redelivered event enqueues nothing new. A sweeper claims due rows with a lease
-- (UPDATE ... FOR UPDATE SKIP LOCKED ... RETURNING): two replicas never send the same attempt, and a
-- replica that dies mid-attempt loses its lease, not the delivery.
create table webhook_deliveries (
  webhook_id      text        primary key,              -- msg_ + 32 hex
  subscription_id text        not null,                 -- no FK: a removed subscription leaves its history
  event_id        text        not null,
  event_type      text        not null,
  hospital_code   text,                                 -- owner of the subscription (null: MyGDX)
  body            text        not null,                 -- the exact bytes sent on every attempt
  traceparent     text,
  status          text        not null default 'pending'
                    check (status in ('pending', 'delivered', 'dead', 'cancelled')),
  attempts        integer     not null default 0,       -- attempt numbers handed out so far (all runs)
  budget_used     integer     not null default 0,       -- attempts of the current run (a replay restarts it)
  replay          boolean     not null default false,
  next_attempt_at timestamptz not null default now(),
  lease_owner     text,
  lease_until     timestamptz,
  last_http_status integer,
  last_error_code text,
  created_at      timestamptz not null default now(),
  updated_at      timestamptz not null default now(),
  finished_at     timestamptz
);
-- The sweeper reads only pending rows by due time; a partial index stays small.
create index webhook_deliveries_due_idx on webhook_deliveries (next_attempt_at) where status = 'pending';
create index webhook_deliveries_event_idx on webhook_deliveries (event_id);

-- Every HTTP attempt, append-only. The number comes from webhook_deliveries.attempts under the lease,
-- so numbers never clash even across replicas and replays.
create table webhook_attempts (
  webhook_id      text        not null,
  attempt         integer     not null check (attempt >= 1),
  subscription_id text        not null,
  event_id        text        not null,
  started_at      timestamptz not null,
  duration_ms     double precision not null,
  outcome         text        not null check (outcome in ('delivered', 'failed')),
  http_status     integer,
  error_code      text,
  error_message   text,
  next_delay_ms   integer,
  replay          boolean     not null default false,
  primary key (webhook_id, attempt)
);

-- Deliveries that will not be retried automatically, for operators to list and replay.
create table webhook_dead_letters (
  webhook_id       text        primary key,
  subscription_id  text        not null,
  event_id         text        not null,
  event_type       text        not null,
  hospital_code    text,
  body             text        not null,
  reason           text        not null check (reason in ('exhausted', 'permanent', 'gone')),
  attempts         integer     not null,
  last_http_status integer,
  last_error_code  text,
  dead_at          timestamptz not null,
  status           text        not null default 'dead' check (status in ('dead', 'replayed')),
  replayed_at      timestamptz
);
create index webhook_dead_letters_hospital_idx on webhook_dead_letters (hospital_code, dead_at);
