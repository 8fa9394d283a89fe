import type { Queryable } from "@casemix/db";
import type { ClaimResult } from "./appeal-row.ts";

/** The claim's current version, and its state from that version's claim row (the one place states live, migration 0650). */
export type ClaimNow = { claim_id: string; hospital_code: string; current_version: number; state: string; period: string | null };

export async function loadClaim(q: Queryable, claimId: string): Promise<ClaimNow | undefined> {
  const { rows } = await q.query<ClaimNow>(
    `SELECT c.claim_id, c.hospital_code, c.current_version, r.state, c.period FROM claim c
     JOIN claim_row r ON r.batch_id = c.batch_id AND r.row_no = c.row_no WHERE c.claim_id = $1`,
    [claimId],
  );
  return rows[0];
}

/**
 * A claim version's DRG (its latest grouping) and the payment in force for it (price_current, when it
 * points at that version), with the run that paid it. Both by primary key: no scan of price.
 */
export async function claimResult(q: Queryable, claimId: string, version: number): Promise<ClaimResult & { runId: string | null }> {
  const [{ rows: g }, { rows: p }] = await Promise.all([
    q.query<{ drg: string; status: string }>(
      "SELECT drg, status FROM grouping WHERE claim_id = $1 AND version = $2 ORDER BY created_at DESC LIMIT 1", [claimId, version],
    ),
    q.query<{ total_sen: string; run_id: string }>(
      "SELECT total_sen::text AS total_sen, run_id FROM price_current WHERE claim_id = $1 AND version = $2", [claimId, version],
    ),
  ]);
  return {
    claimVersion: version,
    drg: g[0] && g[0].status !== "ungroupable" ? g[0].drg : null,
    totalSen: p[0]?.total_sen ?? null,
    runId: p[0]?.run_id ?? null,
  };
}
