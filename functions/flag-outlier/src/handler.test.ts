import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@casemix/db";
import { EventTypes } from "@casemix/events";
import { buildBaseline, generateSyntheticClaims, toBaselineClaims, type SyntheticClaim } from "@casemix/outliers";
import { readChunk } from "@casemix/parquet";
import { createEventProcessor, createLogger, createTestPlatform, type Platform } from "@casemix/runtime";
import { saveBaseline } from "./baselines.ts";
import { seedPricedChunk, syntheticConfig } from "./fixtures.ts";
import { createFlagOutlier } from "./handler.ts";


const history = generateSyntheticClaims({ seed: 3, count: 20_000, period: "2026-12", plant: { los: 0.01, cost: 0.01 } });
const baseline = buildBaseline(toBaselineClaims(history), { version: 1, seed: 7, periods: ["2026-12"], trainingSample: 4000, trees: 50 });
// One hospital's claims (state class), 1% of each kind planted.
const pool = generateSyntheticClaims({ seed: 4, count: 6000, period: "2027-01", plant: { los: 0.02, cost: 0.02 } }).filter((c) => c.claim.hospitalClass === "state");
const chunkA = pool.slice(0, 300);
const chunkB = pool.slice(300, 600);

let platform: Platform;
const processorFor = (p: Platform) =>
  createEventProcessor({ fn: createFlagOutlier(p, syntheticConfig()), db: p.db, deps: {}, log: createLogger({ level: "silent" }) });

async function seedBatch(chunksTotal: number | null, claims: SyntheticClaim[][] = [chunkA, chunkB]) {
  let first = 1;
  const events = [];
  for (const [i, c] of claims.entries()) {
    events.push((await seedPricedChunk(platform.db, platform.store, { batchId: "bat_t1", chunkIndex: i, firstRow: first, hospitalCode: "SH-01", claims: c, chunksTotal })).event);
    first += c.length;
  }
  return events;
}

const outbox = async (db: Db) => (await db.query<{ event: { type: string; data: Record<string, unknown> } }>("SELECT event FROM outbox ORDER BY id")).rows.map((r) => r.event);

beforeEach(async () => {
  platform = await createTestPlatform();
  await saveBaseline(platform.db, baseline, "2027-01-15T00:00:00Z");
});
afterEach(() => platform.db.close());

describe("flag-outlier on claims.chunk.priced", () => {
  it("replies claims.chunk.flagged with a flagged-rows object whose rows match the count", async () => {
    const [event] = await seedBatch(2);
    const result = await processorFor(platform).process(event);
    expect(result.status).toBe(200);
    expect(result.reply!.type).toBe(EventTypes.claimsChunkFlagged);
    const data = result.reply!.data as { objectKey: string; rowCount: number; counts: { final: number; underReview: number } };
    expect(data.objectKey).toBe(`flag-outlier/bat_t1/chk_t1-0/${event.id}.parquet`);
    const rows = await readChunk(await platform.store.get(data.objectKey));
    expect(rows).toHaveLength(300);
    expect(data.counts.final + data.counts.underReview).toBe(300);
    const held = rows.filter((r) => (JSON.parse(String(r.flags)) as { kind: string }[]).some((f) => f.kind !== "los-low"));
    expect(held).toHaveLength(data.counts.underReview);
  });

  it("flags every planted long stay with los-high and records the baseline id", async () => {
    const [event] = await seedBatch(2);
    await processorFor(platform).process(event);
    const { rows } = await platform.db.query<{ row_no: number; flags: { kind: string; baselineId: string }[]; baseline_id: string }>(
      "SELECT row_no, flags, baseline_id FROM outlier_decision ORDER BY row_no",
    );
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => r.baseline_id === baseline.id)).toBe(true);
    chunkA.forEach((c, i) => {
      const kinds = rows[i].flags.map((f) => f.kind);
      if (c.planted === "los") expect(kinds).toContain("los-high");
      else expect(kinds).not.toContain("los-high");
    });
  });

  it("logs every decision with its inputs and each check's numbers", async () => {
    const [event] = await seedBatch(2);
    await processorFor(platform).process(event);
    const { rows } = await platform.db.query<{ inputs: Record<string, unknown>; checks: { check: string }[] }>("SELECT inputs, checks FROM outlier_decision LIMIT 1");
    expect(Object.keys(rows[0].inputs)).toEqual(expect.arrayContaining(["drg", "hospitalClass", "los", "chargesSen", "lowTrim", "highTrim"]));
    expect(rows[0].checks.map((c) => c.check)).toEqual(["los", "cost", "anomaly"]);
  });

  it("marks flagged claims under_review with a review entry, the others final", async () => {
    const [event] = await seedBatch(2);
    const result = await processorFor(platform).process(event);
    const { underReview } = (result.reply!.data as { counts: { underReview: number } }).counts;
    const states = await platform.db.query<{ state: string; n: string }>("SELECT state, count(*)::text AS n FROM claim_row WHERE chunk_id = 'chk_t1-0' GROUP BY state ORDER BY state");
    expect(states.rows).toEqual([{ state: "final", n: String(300 - underReview) }, { state: "under_review", n: String(underReview) }]);
    const reviews = await platform.db.query<{ n: string }>("SELECT count(*)::text AS n FROM outlier_review WHERE status = 'open'");
    expect(Number(reviews.rows[0].n)).toBe(underReview);
  });

  it("holds a claim price could not price for review with price's reason, and the batch still completes", async () => {
    const event = (await seedPricedChunk(platform.db, platform.store, { batchId: "bat_u2", chunkIndex: 0, firstRow: 1, hospitalCode: "SH-01", claims: chunkA.slice(0, 20), chunksTotal: 1, unpriced: [3, 7] })).event;
    const result = await processorFor(platform).process(event);
    expect(result.status).toBe(200);
    const { rows } = await platform.db.query<{ row_no: number; state: string; flags: { kind: string; reason: string }[] }>(
      `SELECT r.row_no, r.state, d.flags FROM claim_row r JOIN outlier_decision d ON d.batch_id = r.batch_id AND d.row_no = r.row_no
       WHERE r.batch_id = 'bat_u2' AND r.row_no IN (4, 8) ORDER BY r.row_no`,
    );
    expect(rows.map((r) => [r.row_no, r.state, r.flags.map((f) => f.kind), r.flags[0]?.reason])).toEqual([
      [4, "under_review", ["unpriced"], "not priced: E_DRG_NOT_IN_TARIFF"],
      [8, "under_review", ["unpriced"], "not priced: E_DRG_NOT_IN_TARIFF"],
    ]);
    const completed = (await outbox(platform.db)).filter((e) => e.type === EventTypes.batchCompleted);
    expect(completed.map((e) => e.data.batchId)).toEqual(["bat_u2"]);
  });

  it("gives a redelivered chunk the same reply and counts it once", async () => {
    const [event] = await seedBatch(2);
    const processor = processorFor(platform);
    const first = await processor.process(event);
    const again = await processor.process(event);
    expect(again.reply).toEqual(first.reply);
    const { rows } = await platform.db.query<{ chunks_done: number }>("SELECT chunks_done FROM batch WHERE id = 'bat_t1'");
    expect(rows[0].chunks_done).toBe(1);
  });

  it("writes the same flags again when the chunk is judged again after a lost commit", async () => {
    const [event] = await seedBatch(2);
    const first = await processorFor(platform).process(event);
    // Another processor with no idempotency record: the flagged object must come out byte-identical.
    await platform.db.query("DELETE FROM processed_event");
    await platform.db.query("DELETE FROM outlier_chunk");
    const second = await processorFor(platform).process(event);
    expect(second.status).toBe(200);
    expect(second.reply!.data).toEqual(first.reply!.data);
  });

  it("emits batch.completed exactly once, on the last chunk, with counts per state", async () => {
    const [a, b] = await seedBatch(2);
    const processor = processorFor(platform);
    await processor.process(a);
    expect((await outbox(platform.db)).filter((e) => e.type === EventTypes.batchCompleted)).toHaveLength(0);
    await processor.process(b);
    await processor.process(b);
    const completed = (await outbox(platform.db)).filter((e) => e.type === EventTypes.batchCompleted);
    expect(completed).toHaveLength(1);
    const counts = completed[0].data.counts as Record<string, number>;
    expect(counts.received).toBe(600);
    expect(counts.final + counts.underReview).toBe(600);
    const expectedSen = [...chunkA, ...chunkB].reduce((s, _, i) => s + 400_000 + (i % 300), 0);
    expect(completed[0].data.totalSen).toBe(String(expectedSen));
    const { rows } = await platform.db.query<{ completed_at: string | null; status: string }>("SELECT completed_at, status FROM batch");
    expect(rows[0].status).toBe("completed");
    expect(rows[0].completed_at).not.toBeNull();
  });

  it("does not complete a batch whose chunk count intake has not set yet", async () => {
    const [a, b] = await seedBatch(null);
    const processor = processorFor(platform);
    await processor.process(a);
    await processor.process(b);
    expect((await outbox(platform.db)).filter((e) => e.type === EventTypes.batchCompleted)).toHaveLength(0);
    const { rows } = await platform.db.query<{ chunks_done: number }>("SELECT chunks_done FROM batch");
    expect(rows[0].chunks_done).toBe(2);
  });

  it("dead-letters a chunk whose object does not match the event's sha256", async () => {
    const [event] = await seedBatch(2);
    const bad = { ...event, id: "evt_bad", data: { ...(event.data as object), sha256: "0".repeat(64) } };
    const result = await processorFor(platform).process(bad);
    expect(result.status).toBe(400);
    expect(result.error!.code).toBe("E_CHUNK_SHA256");
  });

  it("judges without a baseline when none was frozen before the event", async () => {
    const [event] = await seedBatch(2);
    const early = { ...event, id: "evt_early", time: "2027-01-01T00:00:00Z" };
    await processorFor(platform).process(early);
    const { rows } = await platform.db.query<{ n: string }>("SELECT count(*)::text AS n FROM outlier_decision WHERE baseline_id IS NULL");
    expect(rows[0].n).toBe("300");
  });
});

describe("flag-outlier on an empty priced chunk", () => {
  it("still counts the chunk and completes the batch", async () => {
    const [a, b] = await seedBatch(2, [chunkA, []]);
    const processor = processorFor(platform);
    await processor.process(a);
    const result = await processor.process(b);
    expect(result.status).toBe(200);
    expect((result.reply!.data as { rowCount: number }).rowCount).toBe(0);
    expect((await outbox(platform.db)).filter((e) => e.type === EventTypes.batchCompleted)).toHaveLength(1);
  });
});
