/** States a batch is done with: the terminal ones, and final held for review (events/src/claim-states.ts). */
const SETTLED = new Set(["final", "under_review", "ungroupable", "rejected", "duplicate", "superseded"]);

export type BatchProgressInput = {
  counts: Record<string, number>;
  rowsReceived: number;
  status: "receiving" | "processing" | "completed" | "failed";
  createdAt: Date;
  completedAt: Date | null;
  now: Date;
};

export type BatchProgress = {
  /** Claims in a settled state (terminal, or final held for review). */
  settled: number;
  /** Claims received so far (the whole file once it was read). */
  total: number;
  /** settled / total, 0-100, one decimal; 100 once completed. */
  percent: number;
  /** From the batch's creation to its completion, or to now. */
  elapsedSeconds: number;
  /** settled / elapsedSeconds. */
  claimsPerSecond: number;
  /** At the rate so far, seconds until every received claim is settled; null when unknown or done. */
  etaSeconds: number | null;
};

/**
 * How far a batch has got, from its counts per state: what `GET /v1/batches/{id}` shows and
 * `casemix submit --wait` draws as a bar. Pure: the clock is passed in.
 *
 * @example
 * batchProgress({ counts: { final: 300, received: 700 }, rowsReceived: 1000, status: "processing",
 *   createdAt: new Date(0), completedAt: null, now: new Date(10_000) })
 * // { settled: 300, total: 1000, percent: 30, elapsedSeconds: 10, claimsPerSecond: 30, etaSeconds: 23.3 }
 */
export function batchProgress(b: BatchProgressInput): BatchProgress {
  const settled = Object.entries(b.counts).reduce((n, [state, count]) => n + (SETTLED.has(state) ? count : 0), 0);
  const total = b.rowsReceived;
  const end = b.completedAt ?? b.now;
  const elapsedSeconds = Math.max(0, (end.getTime() - b.createdAt.getTime()) / 1000);
  const claimsPerSecond = elapsedSeconds > 0 ? settled / elapsedSeconds : 0;
  const done = b.status === "completed" || b.status === "failed";
  const percent = b.status === "completed" ? 100 : total > 0 ? Math.floor((settled / total) * 1000) / 10 : 0;
  const etaSeconds = !done && b.status !== "receiving" && claimsPerSecond > 0 ? Math.round(((total - settled) / claimsPerSecond) * 10) / 10 : null;
  return { settled, total, percent, elapsedSeconds: Math.round(elapsedSeconds * 10) / 10, claimsPerSecond: Math.round(claimsPerSecond * 10) / 10, etaSeconds };
}
