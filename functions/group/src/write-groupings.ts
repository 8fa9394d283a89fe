import type { Queryable } from "@casemix/db";
import type { ChunkGrouping } from "./group-chunk.ts";

/**
 * Records a chunk's groupings in three statements, whatever its size (CONVENTIONS.md #11): the
 * grouping rows (one INSERT from a JSON record set), then the state of each claim row and of each
 * claim's current version. Only rows still `validated` move, so a correction that superseded a claim
 * meanwhile is not overwritten; a grouping already stored for the same claim version and definition
 * version is kept (a redelivery changes nothing).
 */
export async function writeGroupings(tx: Queryable, batchId: string, result: ChunkGrouping): Promise<void> {
  if (result.groupings.length > 0) {
    await tx.query(
      `insert into grouping (claim_id, version, definition_version_id, batch_id, row_no, mdc, adrg, drg, severity, status, reason, trace)
       select t.claim_id, t.version, t.definition_version_id, $1, t.row_no, t.mdc, t.adrg, t.drg, t.severity, t.status, t.reason, t.trace
       from jsonb_to_recordset($2::jsonb) as t(claim_id text, version integer, definition_version_id text, row_no integer, mdc text,
         adrg text, drg text, severity text, status text, reason text, trace jsonb)
       on conflict (claim_id, version, definition_version_id) do nothing`,
      [
        batchId,
        JSON.stringify(
          result.groupings.map((g) => ({
            claim_id: g.claimId, version: g.version, definition_version_id: g.definitionVersionId, row_no: g.rowNo, mdc: g.mdc,
            adrg: g.adrg, drg: g.drg, severity: g.severity, status: g.status, reason: g.reason, trace: g.trace,
          })),
        ),
      ],
    );
  }
  const states = [
    ...result.grouped.map((g) => ({ row_no: g.rowNo, claim_id: g.claimId, version: g.version, state: "grouped", errors: null })),
    ...result.ungroupable.map((u) => ({ row_no: u.rowNo, claim_id: u.claimId, version: u.version, state: "ungroupable", errors: [{ code: u.code, field: u.field, message: u.message }] })),
  ];
  if (states.length === 0) return;
  const json = JSON.stringify(states);
  await tx.query(
    `update claim_row c set state = t.state, errors = coalesce(t.errors, c.errors)
     from jsonb_to_recordset($2::jsonb) as t(row_no integer, state text, errors jsonb)
     where c.batch_id = $1 and c.row_no = t.row_no and c.state = 'validated'`,
    [batchId, json],
  );
  await tx.query(
    `update claim c set state = t.state, updated_at = now()
     from jsonb_to_recordset($1::jsonb) as t(claim_id text, version integer, state text)
     where c.claim_id = t.claim_id and c.current_version = t.version and c.state = 'validated'`,
    [json],
  );
}
