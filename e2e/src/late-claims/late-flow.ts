import { expect } from "vitest";
import { followBatch, type FollowedStatus } from "@casemix/cli/follow-batch";
import { generateCsv, parseResultCsv } from "../intake-flow-helpers.ts";

/**
 * Issue 16.1, the same flow in both run modes: a batch of one period, that period closed, then a batch
 * of late claims (new claims of the closed period, corrections of claims it paid, and claims of an open
 * period) followed to its end as `casemix submit --wait` follows it. What differs between the modes is
 * only how a function's route is reached (`LateMesh`). Run it with intake's chunk size at
 * `CHUNK_SIZE`, so the late file makes a chunk of late claims only (price names its adjustment run in
 * the reply; on the base commit flag-outlier then left it uncounted and the batch processing for good),
 * a chunk mixing late, corrected and open-period claims, and a chunk of open-period claims.
 */
export const CHUNK_SIZE = "5";
export const HOSPITAL = "H10-DEC915";
export const CLOSED = "2026-03";
export const OPEN = "2026-04";

export type FunctionName = "intake" | "scheduler" | "price";

/** One request to a function's REST route as `roles`, answered as status and parsed body (or text). */
export type LateMesh = {
  call(fn: FunctionName, path: string, init?: { method?: string; body?: string; roles?: string[] }): Promise<{ status: number; body: any; text: string }>;
  /** batch.completed events in the outbox for this batch (one for every batch, exactly). */
  batchCompletedCount(batchId: string): Promise<number>;
};

/** A file of `count` valid claims discharged in `period`, claim numbers `prefix...`. */
export function claimFile(period: string, count: number, prefix: string, seed: number) {
  const f = generateCsv({ seed, count, hospitalCode: HOSPITAL, fromMonth: period, months: 1, invalidRate: 0, probableDuplicateRate: 0, claimPrefix: prefix });
  return f.text.trimEnd().split("\r\n");
}

/** The same claim line with its charges (the last column) raised by RM 123.45: a correction. */
export function corrected(line: string): string {
  const cut = line.lastIndexOf(",");
  const sen = Math.round(Number(line.slice(cut + 1)) * 100) + 12_345;
  return `${line.slice(0, cut)},${(sen / 100).toFixed(2)}`;
}

export async function submit(mesh: LateMesh, lines: string[], name: string): Promise<string> {
  const res = await mesh.call("intake", `/v1/batches?fileName=${name}`, { method: "POST", body: lines.join("\r\n") + "\r\n", roles: ["hospital"] });
  if (res.status !== 202) throw new Error(`${name} refused: ${res.status} ${res.text}`);
  return res.body.batchId as string;
}

/** Follows a batch with the logic of `casemix submit --wait`, failing after `timeoutMs` instead of never returning. */
export async function followToEnd(mesh: LateMesh, batchId: string, timeoutMs: number): Promise<FollowedStatus & Record<string, any>> {
  let last: unknown;
  const followed = followBatch({
    batchId, pollMs: 250, logEveryMs: 60_000, stream: { isTTY: false, write: () => true } as never,
    fetchStatus: async () => (last = (await mesh.call("intake", `/v1/batches/${batchId}`, { roles: ["admin"] })).body) as FollowedStatus,
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`batch ${batchId} not ended after ${timeoutMs} ms: ${JSON.stringify(last)}`)), timeoutMs)));
  try {
    return (await Promise.race([followed, timeout])) as FollowedStatus & Record<string, any>;
  } finally {
    clearTimeout(timer);
  }
}

export async function resultRows(mesh: LateMesh, batchId: string): Promise<Record<string, string>[]> {
  return parseResultCsv((await mesh.call("intake", `/v1/batches/${batchId}/result.csv`, { roles: ["admin"] })).text);
}

/** Closes (or re-closes) a period through the scheduler and waits until price's run can be read as completed. */
export async function closePeriod(mesh: LateMesh, period: string, reclose: boolean, timeoutMs: number): Promise<Record<string, any>> {
  const res = await mesh.call("scheduler", `/v1/periods/${period}/close`, { method: "POST", body: JSON.stringify(reclose ? { reclose: true } : {}), roles: ["admin"] });
  if (res.status !== 202) throw new Error(`close ${period}: ${res.status} ${res.text}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = await mesh.call("price", `/v1/runs/${res.body.runId}`, { roles: ["finance"] });
    if (run.status === 200 && run.body.status === "completed") return run.body;
    if (Date.now() > deadline) throw new Error(`run ${res.body.runId} of ${period}: ${run.status} ${run.text}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

const SETTLED = new Set(["final", "under_review", "rejected", "duplicate", "superseded", "ungroupable"]);

/**
 * The whole flow; returns what the test asserts on. `timeoutMs` bounds each wait (a batch that never
 * ends fails the test with its last status, instead of hanging it as `--wait` hung).
 */
export async function runLateFlow(mesh: LateMesh, timeoutMs: number) {
  const paid = claimFile(CLOSED, 16, "A", 161);
  const first = await submit(mesh, paid, "paid.csv");
  const firstStatus = await followToEnd(mesh, first, timeoutMs);
  const close = await closePeriod(mesh, CLOSED, false, timeoutMs);

  // Late: new claims of the closed period, corrections of three claims it paid, and open-period claims.
  const before = await resultRows(mesh, first);
  const paidFinal = before.filter((r) => r.state === "final").slice(0, 3).map((r) => r.claim_number);
  const corrections = paid.slice(1).filter((l) => paidFinal.some((n) => l.split(",")[1] === n)).map(corrected);
  const lateNew = claimFile(CLOSED, 6, "L", 162).slice(1);
  const open = claimFile(OPEN, 6, "O", 163).slice(1);
  // Late claims first, so the first chunk holds late claims only.
  const late = await submit(mesh, [paid[0], ...lateNew, ...corrections, ...open], "late.csv");
  const lateStatus = await followToEnd(mesh, late, timeoutMs);
  const lateRows = await resultRows(mesh, late);
  const after = await resultRows(mesh, first);

  const runs = [];
  for (const r of lateStatus.adjustmentRuns as { runId: string; claims: number }[]) runs.push((await mesh.call("price", `/v1/runs/${r.runId}`, { roles: ["finance"] })).body);
  const reclose = await closePeriod(mesh, CLOSED, true, timeoutMs);
  return {
    firstStatus, close, paidFinal, lateStatus, lateRows, runs, reclose,
    correctedBefore: before.filter((r) => paidFinal.includes(r.claim_number)),
    correctedAfter: after.filter((r) => paidFinal.includes(r.claim_number)),
    unsettled: lateRows.filter((r) => !SETTLED.has(r.state)),
    completedEvents: [await mesh.batchCompletedCount(first), await mesh.batchCompletedCount(late)],
  };
}

/** What every late claim must come to, in either mode. */
export function expectLateClaimsEnded(r: Awaited<ReturnType<typeof runLateFlow>>): void {
  expect(r.firstStatus.status).toBe("completed");
  expect(r.close).toMatchObject({ status: "completed", period: CLOSED, sameAs: null });
  // The paid claims that the late file corrects were final, and are superseded by their corrections.
  expect(r.paidFinal).toHaveLength(3);
  expect(r.correctedBefore.map((x) => x.state)).toEqual(["final", "final", "final"]);
  expect(r.correctedAfter.map((x) => x.state)).toEqual(["superseded", "superseded", "superseded"]);
  // The late batch ends, every claim of it settled, batch.completed sent once for each batch.
  expect(r.lateStatus.status).toBe("completed");
  expect(r.unsettled).toEqual([]);
  expect(r.completedEvents).toEqual([1, 1]);
  // Claims of the closed period were paid in an adjustment run, recorded on each; the open period's were not.
  const priced = r.lateRows.filter((x) => x.state === "final" || x.state === "under_review");
  const ofClosed = priced.filter((x) => x.period === CLOSED);
  const ofOpen = priced.filter((x) => x.period === OPEN);
  expect(ofClosed.length).toBeGreaterThanOrEqual(6);
  expect(ofOpen.length).toBeGreaterThan(0);
  expect(ofClosed.every((x) => x.adjustment_run_id.startsWith(`run_adj_${CLOSED}_`))).toBe(true);
  expect(ofOpen.map((x) => x.adjustment_run_id).filter((id) => id !== "")).toEqual([]);
  expect(ofClosed.filter((x) => x.version === "2").map((x) => x.claim_number).sort()).toEqual([...r.paidFinal].sort());
  const listed = r.lateStatus.adjustmentRuns as { runId: string; claims: number }[];
  expect(new Set(listed.map((x) => x.runId))).toEqual(new Set(ofClosed.map((x) => x.adjustment_run_id)));
  expect(listed.reduce((n, x) => n + x.claims, 0)).toBe(ofClosed.length);
  for (const run of r.runs) expect(run).toMatchObject({ kind: "period-adjustment", period: CLOSED, status: "completed" });
  // Closing again with nothing changed answers a run id that reads back, naming the run that stands.
  expect(r.reclose).toMatchObject({ status: "completed", period: CLOSED, sameAs: r.close.runId, chunksTotal: 0 });
}
