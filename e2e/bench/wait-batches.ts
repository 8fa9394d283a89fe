import type { FileEntry } from "@casemix/generator";
import { createProgress } from "@casemix/progress";
import type { Uploaded } from "./upload.ts";

export type BatchStatus = { status: string; counts: Record<string, number> };

/** Claim states a batch is done with: the terminal ones, and final held for review. */
const SETTLED = ["final", "under_review", "ungroupable", "rejected", "duplicate", "superseded"];

/** Claims of a batch in a settled state. */
export const settledTotal = (counts: Record<string, number>): number => SETTLED.reduce((n, k) => n + (counts[k] ?? 0), 0);

/** The batch's counts in the generator's terms: `under_review` is final held for review. */
export function settledCounts(counts: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = { final: 0, ungroupable: 0, rejected: 0, duplicate: 0, superseded: 0 };
  for (const [state, n] of Object.entries(counts)) {
    const key = state === "under_review" ? "final" : state;
    out[key] = (out[key] ?? 0) + n;
  }
  return out;
}

/** Differences between what a file's batch ended as and what the manifest says it must, as sentences. */
export function mismatches(file: FileEntry, counts: Record<string, number>): string[] {
  const got = settledCounts(counts);
  const want = file.states as Record<string, number>;
  return [...new Set([...Object.keys(got), ...Object.keys(want)])]
    .filter((s) => (got[s] ?? 0) !== (want[s] ?? 0))
    .map((s) => `${file.name}: ${s} ${got[s] ?? 0}, manifest ${want[s] ?? 0}`);
}

/**
 * Polls intake's batch status (`GET /v1/batches/{id}`) of every batch not yet completed, once a second,
 * until all are (or `dead` names a process of the run that exited), drawing a progress bar of settled
 * claims on stderr; then compares each with the manifest: `problems` lists every difference.
 */
export async function waitAndCheck(intakeUrl: string, token: string, uploaded: Uploaded[], o: { timeoutMs: number; total: number; dead?: () => string | undefined }): Promise<{ statuses: Map<string, BatchStatus>; problems: string[] }> {
  const done = new Map<string, BatchStatus>();
  const settledOf = new Map<string, number>();
  const progress = createProgress({ total: o.total, label: "settled", unit: "claims", logEveryMs: 15_000 });
  const deadline = Date.now() + o.timeoutMs;
  while (done.size < uploaded.length) {
    for (const { batchId } of uploaded) {
      if (done.has(batchId)) continue;
      const res = await fetch(`${intakeUrl}/v1/batches/${batchId}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
      // A refusal (an expired token, a wrong id) never goes away by waiting; a busy or restarting intake may.
      if (res && res.status >= 400 && res.status < 500) throw new Error(`batch status of ${batchId} answered ${res.status}: ${await res.text()}`);
      if (!res?.ok) continue;
      const s = (await res.json()) as BatchStatus;
      settledOf.set(batchId, settledTotal(s.counts));
      if (s.status === "completed") done.set(batchId, s);
    }
    progress.update([...settledOf.values()].reduce((a, b) => a + b, 0));
    if (done.size === uploaded.length) break;
    const dead = o.dead?.();
    if (dead) throw new Error(`${dead}: the run cannot finish`);
    if (Date.now() > deadline) throw new Error(`only ${done.size} of ${uploaded.length} batches completed after ${o.timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 1000));
  }
  progress.finish();
  const problems = uploaded.flatMap((u) => mismatches(u.file, done.get(u.batchId)!.counts));
  return { statuses: done, problems };
}
