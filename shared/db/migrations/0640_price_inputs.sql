-- A price row carries every input it was priced from (issue 8 throughput). claim_pricing_input held
-- a copy of each grouped claim version's pricing inputs so month-end could reprice from the database
-- alone; price already held most of them (hospital, period, DRG, length of stay, discharge status,
-- charges), and every priced claim version has a price row that price_current points at. Month-end
-- now reads the current price row of each current claim version (price_current by period), and the
-- table, written for every claim (8 of the 95 s the database spent on a 400k-claim month, embedded),
-- is gone.
alter table price
  add column if not exists discharge_date date,
  add column if not exists batch_id       text,
  add column if not exists row_no         integer;

update price p set discharge_date = i.discharge_date, batch_id = i.batch_id, row_no = i.row_no
  from claim_pricing_input i
 where i.claim_id = p.claim_id and i.version = p.version and p.discharge_date is null;

-- A period run plans and reads its slices by (period, claim id).
create index if not exists price_current_period_idx on price_current (period, claim_id);

drop table if exists claim_pricing_input;
