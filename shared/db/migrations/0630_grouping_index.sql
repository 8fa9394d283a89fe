-- Less work per claim written (issue 8 throughput). grouping's (batch_id, row_no) index was read by no
-- statement (a claim's grouping is found through the primary key, claim_id first) and cost an index
-- entry for every grouping written.
drop index if exists grouping_batch_idx;
