import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { buildBaseline, generateSyntheticClaims, toBaselineClaims } from "@casemix/outliers";
import { createEventProcessor, createLogger, createTestPlatform, type Platform } from "@casemix/runtime";
import { saveBaseline } from "./baselines.ts";
import { seedPricedChunk, syntheticConfig } from "./fixtures.ts";
import { createFlagOutlier } from "./handler.ts";

/**
 * Issue 16.1: a chunk of late claims (their period already closed) is priced into an adjustment run, and
 * price's reply names that run. It is still its batch's chunk: its claims must end final or under review
 * and the chunk must count towards batch.completed, or the batch stays processing for good.
 */
const history = generateSyntheticClaims({ seed: 3, count: 5000, period: "2026-12" });
const baseline = buildBaseline(toBaselineClaims(history), { version: 1, seed: 7, periods: ["2026-12"], trainingSample: 2000, trees: 20 });
const pool = generateSyntheticClaims({ seed: 4, count: 2000, period: "2027-01", plant: { los: 0.02, cost: 0.02 } }).filter((c) => c.claim.hospitalClass === "state");
const ADJUSTMENT = "run_adj_2027-01_0123456789abcdef";

let platform: Platform;
const processorFor = (p: Platform) => createEventProcessor({ fn: createFlagOutlier(p, syntheticConfig()), db: p.db, deps: {}, log: createLogger({ level: "silent" }) });
const withRun = (e: CasemixEvent, runId: string): CasemixEvent => ({ ...e, data: { ...(e.data as object), runId } });
const completedEvents = async () =>
  (await platform.db.query<{ event: { type: string; data: { batchId: string; counts: Record<string, number>; totalSen: string } } }>("SELECT event FROM outbox ORDER BY id")).rows
    .map((r) => r.event)
    .filter((e) => e.type === EventTypes.batchCompleted);

beforeEach(async () => {
  platform = await createTestPlatform();
  await saveBaseline(platform.db, baseline, "2027-01-15T00:00:00Z");
});
afterEach(() => platform.db.close());

describe("flag-outlier on late claims (priced into an adjustment run)", () => {
  it("settles every claim of a late chunk and completes its batch once, with the late claims counted and totalled", async () => {
    const a = await seedPricedChunk(platform.db, platform.store, { batchId: "bat_l1", chunkIndex: 0, firstRow: 1, hospitalCode: "SH-01", claims: pool.slice(0, 100), chunksTotal: 2 });
    const b = await seedPricedChunk(platform.db, platform.store, { batchId: "bat_l1", chunkIndex: 1, firstRow: 101, hospitalCode: "SH-01", claims: pool.slice(100, 200) });
    const processor = processorFor(platform);
    // The second chunk is wholly late: price named its adjustment run in the reply; redelivered once.
    for (const e of [a.event, withRun(b.event, ADJUSTMENT), withRun(b.event, ADJUSTMENT)]) expect((await processor.process(e)).status).toBe(200);
    const { rows: states } = await platform.db.query<{ state: string; n: number }>("SELECT state, count(*)::int AS n FROM claim_row WHERE batch_id = 'bat_l1' GROUP BY state");
    expect(states.filter((s) => s.state !== "final" && s.state !== "under_review")).toEqual([]);
    expect(states.reduce((n, s) => n + Number(s.n), 0)).toBe(200);
    const { rows: batch } = await platform.db.query<{ status: string; chunks_done: number }>("SELECT status, chunks_done FROM batch WHERE id = 'bat_l1'");
    expect(batch[0]).toEqual({ status: "completed", chunks_done: 2 });
    const completed = await completedEvents();
    expect(completed).toHaveLength(1);
    expect(completed[0].data.counts.final + completed[0].data.counts.underReview).toBe(200);
    // The fixture prices row i of a chunk at 400,000 + i sen.
    const chunkSen = Array.from({ length: 100 }, (_, i) => 400_000 + i).reduce((s, v) => s + v, 0);
    expect(completed[0].data.totalSen).toBe(String(chunkSen * 2));
  });

  it("holds a flagged late claim under review and queues it like any other claim", async () => {
    const a = await seedPricedChunk(platform.db, platform.store, { batchId: "bat_l2", chunkIndex: 0, firstRow: 1, hospitalCode: "SH-01", claims: pool.slice(0, 300), chunksTotal: 1 });
    await processorFor(platform).process(withRun(a.event, ADJUSTMENT));
    const { rows: held } = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM claim_row WHERE batch_id = 'bat_l2' AND state = 'under_review'");
    const { rows: queued } = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM outlier_review WHERE batch_id = 'bat_l2' AND run_id = ''");
    expect(Number(held[0].n)).toBeGreaterThan(0);
    expect(Number(queued[0].n)).toBe(Number(held[0].n));
  });
});
