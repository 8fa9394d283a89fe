-- A claim's state lives in claim_row only (events/src/claim-states.ts; issue 8 throughput). claim kept
-- a copy of its current version's state that group, price and flag-outlier each rewrote, a new copy of
-- the claim row every time (16 of the 95 s the database spent on a 400k-claim month, embedded), and no
-- statement read it: batch status, reports and the review queue read claim_row. claim is now written by
-- dedupe only (a new claim, or a correction moving its current version), so its pages are filled.
alter table claim drop column if exists state;
alter table claim set (fillfactor = 100);
