-- Room on each page for the state updates every claim gets after it is written: group, price and
-- flag-outlier each set claim.state, and validate, group and flag-outlier claim_row.state. None of those
-- columns is indexed, so with free space on the row's own page PostgreSQL makes each a HOT update (no
-- new entry in any of the table's indexes: claim has four). At fillfactor 100 the pages are full after
-- the insert and every update also writes every index. Applies to pages written from now on.
alter table claim set (fillfactor = 50);
alter table claim_row set (fillfactor = 70);
