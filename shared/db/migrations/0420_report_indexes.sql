-- Report's read paths over the price tables (issue 6): a period's prices in force, and one hospital's
-- priced claims of a period for its curated parquet partition, without scanning every period.
create index if not exists price_current_period_idx on price_current (period);
create index if not exists price_period_hospital_idx on price (period, hospital_code);
