-- Prices and month-end (DESIGN.md "Pricing"; issue 5). Price rows are append-only, keyed by claim
-- version and run; which row is paid now is a separate pointer (price_current), so no price row is
-- ever updated and no claim can have two current prices (its primary key says so).

-- What pricing needs of a grouped claim version, kept by price when it first prices the version, so a
-- month-end run reprices a period from the database alone (batch reads, no chunk objects).
create table claim_pricing_input (
  claim_id          text    not null,
  version           integer not null,
  hospital_code     text    not null,
  discharge_date    date    not null,
  period            text    not null,                 -- YYYY-MM of the discharge date (Asia/Kuala_Lumpur)
  drg               text    not null,
  los               integer not null,
  discharge_status  text    not null,
  total_charges_sen bigint,
  batch_id          text,
  row_no            integer,
  primary key (claim_id, version)
);
create index claim_pricing_input_period_idx on claim_pricing_input (period, claim_id);

-- One row per (claim version, run): every component in integer sen and the versions it used.
-- An unpriceable claim has error_code set and no components.
create table price (
  claim_id                text    not null,
  version                 integer not null,
  run_id                  text    not null,            -- run_<batch> for first pricing, else the period run
  period                  text    not null,
  hospital_code           text    not null,
  tariff_version_id       text    not null,
  register_version_id     text,
  drg                     text    not null,
  hospital_class          text,
  region                  text,
  base_rate_region        text,
  los                     integer not null,
  discharge_status        text    not null,
  discharge_kind          text,
  los_case                text,
  los_days                integer,
  los_rate                text,
  base_rate_sen           bigint,
  weight                  text,                        -- decimal string, 4 places
  mean_los                text,
  low_trim                integer,
  high_trim               integer,
  base_payment_sen        bigint,
  los_adjustment_sen      bigint,
  transfer_payment_sen    bigint,
  transfer_adjustment_sen bigint,
  total_charges_sen       bigint,
  outlier_threshold_sen   bigint,
  outlier_marginal_rate   text,
  outlier_excess_sen      bigint,
  outlier_payment_sen     bigint,
  total_sen               bigint  not null,            -- 0 when unpriceable
  previous_total_sen      bigint,                      -- the current price this row replaced, if any
  delta_sen               bigint  not null,            -- total_sen - coalesce(previous_total_sen, 0)
  error_code              text,
  created_at              timestamptz not null default now(),
  -- Run first: a run is read and summed as a whole, and one index per row keeps a 10k-row chunk insert
  -- cheap; a claim's rows are found through price_current (run and version) or by run.
  primary key (run_id, claim_id, version)
);

-- The price in force for each claim: exactly one row per claim (its primary key), pointing at a price row.
create table price_current (
  claim_id  text    primary key,
  version   integer not null,
  run_id    text    not null,
  total_sen bigint  not null,
  period    text    not null
);

-- Payment periods: open -> closing -> closed (closing again on a re-close).
create table period (
  period       text        primary key,            -- YYYY-MM
  status       text        not null default 'open' check (status in ('open', 'closing', 'closed')),
  close_run_id text,                               -- the latest close run
  closed_at    timestamptz,
  updated_at   timestamptz not null default now()
);

-- Period runs (close, re-close, adjustment): what the run used and, once done, what it came to.
create table period_run (
  run_id            text    primary key,
  period            text    not null,
  kind              text    not null check (kind in ('close', 'adjustment')),
  config_key        text    not null,               -- the tariff and register versions in force over the period
  tariff_version_ids jsonb  not null default '[]'::jsonb,
  claim_count       integer not null default 0,
  total_sen         bigint,
  delta_sen         bigint,
  created_at        timestamptz not null default now()
);
create index period_run_period_idx on period_run (period, created_at);
