-- Configuration versions and groupings (issue 3 items 5-6, issue 5 item 1). Range 0200-0299.

-- One row per configuration version (DESIGN.md "Claims, dates and versions"). The content is the
-- validated package, tariff or register as jsonb: it commits in the same transaction as the row and
-- its outbox event (no orphan objects, no second system to keep consistent), the immutability trigger
-- below covers it too, and the largest content (CHS-DRG 1.1, ~11 MB of JSON) loads in one round trip.
-- `sha256` is of the canonical JSON (keys sorted), so it can be recomputed from the jsonb.
create table config_version (
  id             text        primary key,                      -- cfg_...
  kind           text        not null check (kind in ('definition', 'tariff', 'hospitals', 'codeset')),
  label          text        not null,                          -- e.g. 'CHS-DRG 1.1' / 'my-demo@1'
  effective_from date        not null,
  effective_to   date,                                          -- exclusive; null = open-ended
  status         text        not null default 'draft' check (status in ('draft', 'published')),
  content        jsonb       not null,
  sha256         text        not null,
  source         text,                                          -- where it was imported from
  created_at     timestamptz not null default now(),
  published_at   timestamptz,
  check (effective_to is null or effective_to > effective_from),
  check ((status = 'published') = (published_at is not null))
);
-- versionInForce: the latest published version of a kind whose range covers a date.
create index config_version_in_force_idx on config_version (kind, published_at) where status = 'published';

-- A published version never changes and is never deleted; a draft may be published (once) or deleted.
create function config_version_immutable() returns trigger language plpgsql as $$
begin
  if old.status = 'published' then
    raise exception 'configuration version % is published and immutable', old.id using errcode = 'P0001';
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  return new;
end;
$$;
create trigger config_version_immutable before update or delete on config_version
  for each row execute function config_version_immutable();

-- One grouping per claim version and definition version: re-grouping with a newer definition adds a
-- row and keeps the old one.
create table grouping (
  claim_id              text        not null,
  version               integer     not null,
  definition_version_id text        not null references config_version (id),
  batch_id              text        not null,
  row_no                integer     not null,
  mdc                   text        not null,
  adrg                  text        not null,
  drg                   text        not null,
  severity              text,
  status                text        not null check (status in ('grouped', 'check_failed', 'ungroupable')),
  reason                text        not null,
  trace                 jsonb,
  created_at            timestamptz not null default now(),
  primary key (claim_id, version, definition_version_id)
);
create index grouping_batch_idx on grouping (batch_id, row_no);
