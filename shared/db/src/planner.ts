/**
 * The planner's random_page_cost for our sessions. PostgreSQL's default (4) prices a page read as a
 * spinning disk's; our working set is in memory or on SSD. With 4, each step's per-chunk
 * `UPDATE claim ... FROM unnest($ids) ...` (group, price, flag-outlier) was planned as a hash join over a
 * sequential scan of the whole claim table: 420 ms per 5,000-claim chunk at 400k claims, growing with
 * the table (33 s of the database's 100 s at 100k claims, pg_stat_statements). With 1.1 it is a nested
 * loop over claim_pkey: 113 ms, flat. PostgreSQL only: on PGlite it measured slower (pglite-open.ts).
 */
export const RANDOM_PAGE_COST = 1.1;
