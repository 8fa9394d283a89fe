// Batch completion under concurrency on real PostgreSQL (READ COMMITTED, row locks): eight chunks of
// one batch judged at the same time, then all redelivered at once, give exactly one batch.completed.
// Each run works in its own schema, dropped afterwards.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPostgresDb, migrate, type Db } from "@casemix/db";
import { EventTypes } from "@casemix/events";
import { generateSyntheticClaims } from "@casemix/outliers";
import { z } from "zod";
import { createEventProcessor, createLogger, createTestPlatform, parseEnv, type Platform } from "@casemix/runtime";
import { seedPricedChunk, syntheticConfig } from "./fixtures.ts";
import { createFlagOutlier } from "./handler.ts";

// As scripts/services-env.sh exports it.
const env = parseEnv(z.object({ DATABASE_URL: z.string().default("postgres://postgres@127.0.0.1:5432/test") }), process.env);
const schema = `flag_test_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
const admin = createPostgresDb({ url: env.DATABASE_URL, max: 1 });
let db: Db;
let platform: Platform;

beforeAll(async () => {
  await admin.query(`create schema ${schema}`);
  db = createPostgresDb({ url: env.DATABASE_URL, max: 8, schema });
  await migrate(db);
  const test = await createTestPlatform();
  await test.db.close();
  platform = { ...test, db };
});
afterAll(async () => {
  await db?.close();
  await admin.query(`drop schema if exists ${schema} cascade`);
  await admin.close();
});

describe("batch completion on PostgreSQL", () => {
  it("emits batch.completed exactly once when eight chunks finish at the same time, and again none on redelivery", async () => {
    const claims = generateSyntheticClaims({ seed: 1, count: 2000, period: "2027-01" }).filter((c) => c.claim.hospitalClass === "state");
    const events = [];
    for (let i = 0; i < 8; i++) {
      const slice = claims.slice(i * 50, i * 50 + 50);
      events.push((await seedPricedChunk(db, platform.store, { batchId: "bat_c1", chunkIndex: i, firstRow: 1 + i * 50, hospitalCode: "SH-01", claims: slice, chunksTotal: 8 })).event);
    }
    const processor = () => createEventProcessor({ fn: createFlagOutlier(platform, syntheticConfig()), db, deps: {}, log: createLogger({ level: "silent" }) });
    const first = await Promise.all(events.map((e) => processor().process(e)));
    expect(first.map((r) => r.status)).toEqual(Array(8).fill(200));
    await Promise.all(events.map((e) => processor().process(e)));
    const { rows } = await db.query<{ event: { type: string; data: { counts: Record<string, number> } } }>("select event from outbox");
    const completed = rows.filter((r) => r.event.type === EventTypes.batchCompleted);
    expect(completed).toHaveLength(1);
    expect(completed[0].event.data.counts.received).toBe(400);
    expect(completed[0].event.data.counts.final + completed[0].event.data.counts.underReview).toBe(400);
    const batch = await db.query<{ chunks_done: number }>("select chunks_done from batch where id = 'bat_c1'");
    expect(batch.rows[0].chunks_done).toBe(8);
  });
});
