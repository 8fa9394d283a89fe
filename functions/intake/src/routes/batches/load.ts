import type { Db } from "@casemix/db";

export type BatchRow = {
  id: string;
  hospital_code: string;
  channel: string;
  file_name: string | null;
  status: "receiving" | "processing" | "completed" | "failed";
  error: string | null;
  rows_received: number;
  chunks_total: number | null;
  chunks_done: number;
  created_at: Date | string;
  completed_at: Date | string | null;
  raw_sha256: string | null;
  raw_key: string | null;
  raw_deleted_at: Date | string | null;
};

export async function loadBatch(db: Db, batchId: string): Promise<BatchRow | undefined> {
  const { rows } = await db.query<BatchRow>(
    "SELECT id, hospital_code, channel, file_name, status, error, rows_received, chunks_total, chunks_done, created_at, completed_at, raw_sha256, raw_key, raw_deleted_at FROM batch WHERE id = $1",
    [batchId],
  );
  return rows[0];
}

/**
 * Claims of a batch per state: one grouped count. A row is written to claim_row once validate
 * (rejected) or dedupe (validated, duplicate) has decided it; the rows received and not yet decided
 * count as `received`.
 */
export async function countByState(db: Db, batchId: string, rowsReceived: number): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>("SELECT state, count(*)::int AS n FROM claim_row WHERE batch_id = $1 GROUP BY state ORDER BY state", [batchId]);
  const counts: Record<string, number> = Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  const decided = rows.reduce((sum, r) => (r.state === "received" ? sum : sum + Number(r.n)), 0);
  if (rowsReceived > decided) counts.received = rowsReceived - decided;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The adjustment runs this batch's late claims (of a period already closing or closed when price got
 * them) were priced into, with how many claims each: price records the run on the claim row.
 */
export async function adjustmentRuns(db: Db, batchId: string): Promise<{ runId: string; claims: number }[]> {
  const { rows } = await db.query<{ run_id: string; n: number }>(
    "SELECT adjustment_run_id AS run_id, count(*)::int AS n FROM claim_row WHERE batch_id = $1 AND adjustment_run_id IS NOT NULL GROUP BY 1 ORDER BY 1",
    [batchId],
  );
  return rows.map((r) => ({ runId: r.run_id, claims: Number(r.n) }));
}
