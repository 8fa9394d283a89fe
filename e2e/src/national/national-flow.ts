import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Manifest } from "@casemix/generator";
import type { MeshView } from "./mesh.ts";

/** Terminal states as the batch status reports them; `under_review` is final held for outlier review. */
export function terminalCounts(counts: Record<string, number>): Record<string, number> {
  const { under_review = 0, ...rest } = counts;
  return { final: 0, ungroupable: 0, rejected: 0, duplicate: 0, superseded: 0, ...rest, ...(under_review ? { final: (rest.final ?? 0) + under_review } : {}) };
}

/** POSTs one generated per-hospital file to intake as that hospital; returns its batch id. */
export async function submitFile(mesh: MeshView, dir: string, file: { name: string }, hospital: string): Promise<string> {
  const token = await mesh.issuer.token({ roles: ["hospital"], hospital });
  const res = await fetch(`${mesh.procs.get("intake")!.url}/v1/batches?hospital=${hospital}&fileName=${file.name}`, {
    method: "POST", body: new Uint8Array(await readFile(join(dir, file.name))), headers: { authorization: `Bearer ${token}`, "content-type": "text/csv" },
  });
  const body = (await res.json()) as { batchId?: string };
  if (res.status !== 202 || !body.batchId) throw new Error(`${file.name} refused: ${res.status} ${JSON.stringify(body)}`);
  return body.batchId;
}

export type BatchStatus = { status: string; counts: Record<string, number> };

/** Polls every batch's status until all are completed; throws with the stuck counts after timeoutMs. */
export async function waitCompleted(mesh: MeshView, batchIds: string[], timeoutMs: number): Promise<Map<string, BatchStatus>> {
  const token = await mesh.issuer.token({ roles: ["admin", "ministry"] });
  const deadline = Date.now() + timeoutMs;
  const done = new Map<string, BatchStatus>();
  for (;;) {
    for (const id of batchIds) {
      if (done.has(id)) continue;
      const res = await fetch(`${mesh.procs.get("intake")!.url}/v1/batches/${id}`, { headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
      if (!res?.ok) continue;
      const s = (await res.json()) as BatchStatus;
      if (s.status === "completed") done.set(id, s);
      else if (Date.now() > deadline) throw new Error(`batch ${id} stuck: ${JSON.stringify(s)}`);
    }
    if (done.size === batchIds.length) return done;
    if (Date.now() > deadline) throw new Error(`only ${done.size} of ${batchIds.length} batches completed`);
    await new Promise((r) => setTimeout(r, 1000));
  }
}

/** The same sums over all files of the manifest. */
export function expectedTotals(manifest: Manifest): Record<string, number> {
  return { ...manifest.totals.states };
}

/** Invariants that must hold after any run or fault: numbers that must be zero. */
export async function invariantViolations(mesh: MeshView): Promise<{ twoCurrentPrices: number; processedTwice: number; deadLetters: number }> {
  const q = async (sql: string) => Number((await mesh.pool.query(sql)).rows[0].n);
  const twoCurrentPrices = await q("select count(*)::int as n from (select claim_id from price_current group by claim_id having count(*) > 1) x");
  const processedTwice = await q("select count(*)::int as n from (select 1 from processed_event group by consumer, source, id having count(*) > 1) x");
  const deadLetters = (await mesh.broker.bus.deadLetters()).length;
  return { twoCurrentPrices, processedTwice, deadLetters };
}
