import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { RunStatusSchema } from "@casemix/month-end";
import { readChunk } from "@casemix/parquet";
import { indexRegister } from "@casemix/pricing";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createPriceHandler } from "./handler.ts";
import { runStatus } from "./status.ts";
import { demoPricingConfig, staticConfigSource } from "./pricing-config.ts";
import { seedPeriod } from "./testing/seed-period.ts";

// 30 claims clm_s00000000..clm_s00000029 in slices of 10: slice 1 holds clm_s00000010..clm_s00000019.
const config = demoPricingConfig();
const RUN = "run_close_2027-01";
const BAD = "clm_s00000012";
const PAID_BEFORE = 4321;
const closed: CasemixEvent = {
  specversion: "1.0", id: "e1", source: "/casemix/scheduler", type: EventTypes.periodClosed,
  data: { period: "2027-01", runId: RUN, runKind: "close", closedAt: "2027-02-01T00:05:00+08:00" },
};

let platform: TestPlatform;
let processor: ReturnType<typeof createEventProcessor>;
let logged: { msg: string; [k: string]: unknown }[];
beforeEach(async () => {
  platform = await createTestPlatform();
  const hospitals = [...indexRegister(config.registers[0], "2027-01-15").values()];
  await seedPeriod(platform.db, { period: "2027-01", count: 30, hospitals, drgs: [...config.tariffs[0].drgs.keys()] });
  // The claim that will be refused is paid something before the close, so keeping its price shows.
  await platform.db.query("update price set total_sen = $2 where claim_id = $1", [BAD, PAID_BEFORE]);
  await platform.db.query("update price_current set total_sen = $2 where claim_id = $1", [BAD, PAID_BEFORE]);
  logged = [];
  const fn = createPriceHandler({ store: platform.store, config: staticConfigSource(() => config), periodChunkSize: 10 });
  processor = createEventProcessor({ fn, db: platform.db, deps: {}, log: createLogger({ level: "warn", write: (line) => void logged.push(JSON.parse(line)) }) });
});
afterEach(() => platform.db.close());

/** Closes the period and delivers each chunk event the close put in the outbox, as the relay would. */
async function closeAndReprice(): Promise<number[]> {
  expect((await processor.process(closed)).status).toBe(202);
  const { rows } = await platform.db.query<{ event: CasemixEvent | string }>("select event from outbox where event->>'type' = $1 order by id", [EventTypes.periodChunkScheduled]);
  const statuses: number[] = [];
  for (const row of rows) statuses.push((await processor.process(typeof row.event === "string" ? JSON.parse(row.event) : row.event)).status);
  return statuses;
}

const current = async (claimId: string) =>
  (await platform.db.query<{ run_id: string; total_sen: string | number }>("select run_id, total_sen from price_current where claim_id = $1", [claimId])).rows.map((r) => ({ runId: r.run_id, totalSen: Number(r.total_sen) }))[0];
const runRows = async () => (await platform.db.query<{ claim_id: string }>("select claim_id from price where run_id = $1 order by claim_id", [RUN])).rows.map((r) => r.claim_id);
const periodPriced = async () =>
  (await platform.db.query<{ event: CasemixEvent | string }>("select event from outbox where event->>'type' = $1", [EventTypes.periodPriced])).rows.map((r) => (typeof r.event === "string" ? JSON.parse(r.event) : r.event) as CasemixEvent<{ claimCount: number }>);

describe("a close run where the database refuses a claim's new price", () => {
  // A constraint stands in for any value a price may not hold (SQLSTATE class 22 or 23 alike).
  it("completes: every other claim is repriced, the refused one keeps the price paid before and is named on the run", async () => {
    await platform.db.query(`ALTER TABLE price ADD CONSTRAINT refuse_bad CHECK (claim_id <> '${BAD}' OR run_id <> '${RUN}')`);
    expect(await closeAndReprice()).toEqual([202, 202, 202]);

    const view = await runStatus(platform.db, RUN);
    expect(view).toMatchObject({ status: "completed", chunksDone: 3, claimCount: 29, counts: { claims: 30, refused: 1 } });
    expect(view!.refusedClaims).toEqual([{ claimId: BAD, version: 1, hospitalCode: expect.any(String), code: "E_VALUE_REFUSED", message: expect.stringMatching(/check constraint.*23514/) }]);
    expect(() => RunStatusSchema.parse(view)).not.toThrow();
    expect((await platform.db.query("select status from period where period = '2027-01'")).rows[0]).toEqual({ status: "closed" });
    expect((await periodPriced()).map((e) => e.data.claimCount)).toEqual([29]);

    expect(await current(BAD)).toEqual({ runId: "run_seed_s", totalSen: PAID_BEFORE });
    const repriced = await runRows();
    expect(repriced).toHaveLength(29);
    expect(repriced).not.toContain(BAD);
    const { rows } = await platform.db.query<{ n: number }>("select count(*)::int as n from price_current where run_id = $1", [RUN]);
    expect(rows[0].n).toBe(29);
    expect(logged.filter((l) => l.msg.startsWith("period run:"))).toMatchObject([{ code: "E_VALUE_REFUSED", runId: RUN, chunkIndex: 1, claims: [`${BAD}@1`] }]);
  });

  it("writes the slice's retry under its own -isolated key, without the refused claim", async () => {
    await platform.db.query(`ALTER TABLE price ADD CONSTRAINT refuse_bad CHECK (claim_id <> '${BAD}' OR run_id <> '${RUN}')`);
    await closeAndReprice();
    const keys: string[] = [];
    for await (const o of platform.store.list(`price/${RUN}/00001/`)) keys.push(o.key);
    const isolated = keys.filter((k) => k.endsWith("-isolated.parquet"));
    expect(isolated).toHaveLength(1);
    const inObject = (await readChunk(await platform.store.get(isolated[0]))).map((r) => r.claimId);
    const { rows: priced } = await platform.db.query<{ claim_id: string }>(
      "select claim_id from price where run_id = $1 and claim_id between 'clm_s00000010' and 'clm_s00000019' and error_code is null order by claim_id",
      [RUN],
    );
    expect(inObject).not.toContain(BAD);
    expect(inObject).toEqual(priced.map((r) => r.claim_id));
  });

  it("writes nothing of a claim whose current price is refused: no new price row either", async () => {
    await platform.db.query(`ALTER TABLE price_current ADD CONSTRAINT refuse_bad CHECK (claim_id <> '${BAD}' OR run_id <> '${RUN}')`);
    expect(await closeAndReprice()).toEqual([202, 202, 202]);
    expect(await current(BAD)).toEqual({ runId: "run_seed_s", totalSen: PAID_BEFORE });
    expect(await runRows()).not.toContain(BAD);
    expect((await runStatus(platform.db, RUN))!.refusedClaims.map((c) => c.claimId)).toEqual([BAD]);
  });

  it("completes when every claim of a slice is refused, each keeping its price and counted", async () => {
    await platform.db.query(`ALTER TABLE price ADD CONSTRAINT refuse_slice CHECK (claim_id >= 'clm_s00000010' OR run_id <> '${RUN}')`);
    expect(await closeAndReprice()).toEqual([202, 202, 202]);
    const view = await runStatus(platform.db, RUN);
    expect(view).toMatchObject({ status: "completed", claimCount: 20, counts: { claims: 30, refused: 10 } });
    expect(view!.refusedClaims.map((c) => c.claimId)).toEqual(Array.from({ length: 10 }, (_, i) => `clm_s${String(i).padStart(8, "0")}`));
    expect((await platform.db.query("select status from period where period = '2027-01'")).rows[0]).toEqual({ status: "closed" });
    expect((await runRows()).filter((c) => c < "clm_s00000010")).toEqual([]);
    expect(await current("clm_s00000003")).toEqual({ runId: "run_seed_s", totalSen: 0 });
  });
});
