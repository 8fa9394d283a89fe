-- Period reports (issue 6): figures precomputed at report time so the reporting API answers from a
-- primary-key lookup, never a scan of the period's claims; and the files each report run published.

create table report_figure (
  period        text        not null,
  dimension     text        not null check (dimension in ('period', 'hospital', 'mdc', 'drg', 'hospital-mdc', 'hospital-drg')),
  hospital_code text        not null default '',      -- '' when the dimension has no hospital
  mdc           text        not null default '',
  drg           text        not null default '',
  run_id        text        not null,                 -- the pricing run the figures come from
  cases         integer     not null,
  weight_sum_e4 numeric     not null,                 -- sum of cost weights x 10,000 (exact)
  casemix_index numeric     not null,                 -- mean cost weight, 4 places, half up
  los_sum       bigint      not null,
  average_los   numeric     not null,                 -- 2 places
  total_sen     numeric     not null,
  mean_sen      numeric     not null,
  flagged       integer     not null,
  outlier_rate  numeric     not null,                 -- 4 places
  computed_at   timestamptz not null default now(),
  primary key (period, dimension, hospital_code, mdc, drg)
);

create table report_file (
  report_id    text        primary key,               -- rpt_...
  period       text        not null,
  run_id       text        not null,
  kind         text        not null,                  -- period-summary | curated-claims
  format       text        not null,                  -- csv | pdf | parquet
  hospital_code text,
  object_key   text        not null,
  sha256       text        not null,
  row_count    integer,
  published_at timestamptz not null
);
create index report_file_period_idx on report_file (period, kind, format, published_at);
