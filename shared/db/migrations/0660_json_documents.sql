-- The audit documents written for every claim are stored as json (their text, checked but not
-- converted) rather than jsonb (issue 8 throughput). They are written once per claim and read whole
-- (a review, a baseline learning a period, an explanation), never searched or indexed inside, so
-- jsonb's binary form bought nothing and cost a conversion per document: 10,000 decisions took 273 ms
-- as jsonb through jsonb_to_recordset against 167 ms as json through unnest of text[]
-- (functions/flag-outlier/bench/decision-insert.ts, median of 5).
alter table outlier_decision
  alter column inputs type json using inputs::json,
  alter column checks type json using checks::json,
  alter column flags  type json using flags::json;
alter table grouping alter column trace type json using trace::json;
