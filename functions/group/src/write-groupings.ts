import type { Queryable } from "@casemix/db";
import type { ChunkGrouping } from "./group-chunk.ts";

/**
 * The write of a chunk's groupings, its parameters built now, before the transaction (the write only
 * sends them, so the connection does not wait inside the transaction while this thread builds them).
 * Two statements, whatever the chunk's size (CONVENTIONS.md #11): the grouping rows (one INSERT), then
 * the state of each claim row (grouped or ungroupable; a claim's state lives in its claim_row,
 * claim-states.ts). Only rows still `validated` move, so a correction that superseded a claim meanwhile
 * is not overwritten; a grouping already stored for the same claim version and definition version is kept (a
 * redelivery changes nothing).
 *
 * Rows travel as parallel arrays through `unnest`, not as one JSON document through
 * `jsonb_to_recordset`: the planner estimates `unnest` of a bound array at its real length, while a
 * record set function is always guessed at 100 rows. With that guess the claim_row UPDATE was planned as
 * a nested loop that re-read the whole JSON for every claim row: 22-27 s for a 10,000-row chunk once
 * claim_row held other batches (measured on PGlite), against ~0.5 s with a hash join.
 */
export function groupingsWriter(batchId: string, result: ChunkGrouping): (tx: Queryable) => Promise<void> {
  const g = result.groupings;
  const groupingParams = [
    batchId,
    g.map((x) => x.claimId),
    g.map((x) => x.version),
    g.map((x) => x.definitionVersionId),
    g.map((x) => x.rowNo),
    g.map((x) => x.mdc),
    g.map((x) => x.adrg),
    g.map((x) => x.drg),
    g.map((x) => x.severity),
    g.map((x) => x.status),
    g.map((x) => x.reason),
    g.map((x) => (x.trace === null ? null : JSON.stringify(x.trace))),
  ];
  const states = [
    ...result.grouped.map((x) => ({ rowNo: x.rowNo, state: "grouped", errors: null as string | null })),
    ...result.ungroupable.map((u) => ({ rowNo: u.rowNo, state: "ungroupable", errors: JSON.stringify([{ code: u.code, field: u.field, message: u.message }]) })),
  ];
  // The row_no range of the chunk lets the planner read just the chunk through the primary key rather
  // than hash every row of the batch for each chunk (quadratic over a large file).
  const rowNos = states.map((s) => s.rowNo);
  const stateParams = [batchId, rowNos, states.map((s) => s.state), states.map((s) => s.errors), rowNos.reduce((a, b) => (a < b ? a : b), 0), rowNos.reduce((a, b) => (a > b ? a : b), 0)];
  // Both statements are sent at once (they run in order, back to back) and awaited together.
  return async (tx) => {
    await Promise.all([
      g.length === 0 ? undefined : tx.query(
        `insert into grouping (claim_id, version, definition_version_id, batch_id, row_no, mdc, adrg, drg, severity, status, reason, trace)
         select t.claim_id, t.version, t.definition_version_id, $1, t.row_no, t.mdc, t.adrg, t.drg, t.severity, t.status, t.reason, t.trace::json
         from unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[])
           as t(claim_id, version, definition_version_id, row_no, mdc, adrg, drg, severity, status, reason, trace)
         on conflict (claim_id, version, definition_version_id) do nothing`,
        groupingParams,
      ),
      states.length === 0 ? undefined : tx.query(
        `update claim_row c set state = t.state, errors = coalesce(t.errors::jsonb, c.errors)
         from unnest($2::int[], $3::text[], $4::text[]) as t(row_no, state, errors)
         where c.batch_id = $1 and c.row_no between $5 and $6 and c.row_no = t.row_no and c.state = 'validated'`,
        stateParams,
      ),
    ]);
  };
}
