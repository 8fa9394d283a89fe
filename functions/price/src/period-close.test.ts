import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { EventTypes, type CasemixEvent } from "@casemix/events";
import { indexRegister } from "@casemix/pricing";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createPriceHandler } from "./handler.ts";
import { planSlices } from "./period-store.ts";
import { runStatus } from "./status.ts";
import { demoPricingConfig, staticConfigSource } from "./pricing-config.ts";
import { seedPeriod } from "./testing/seed-period.ts";

const config = demoPricingConfig();
const closed = (id: string, runId: string): CasemixEvent => ({
  specversion: "1.0", id, source: "/casemix/scheduler", type: EventTypes.periodClosed,
  data: { period: "2027-01", runId, runKind: "close", closedAt: "2027-02-01T00:05:00+08:00" },
});

let platform: TestPlatform;
let processor: ReturnType<typeof createEventProcessor>;
beforeEach(async () => {
  platform = await createTestPlatform();
  const hospitals = [...indexRegister(config.registers[0], "2027-01-15").values()];
  await seedPeriod(platform.db, { period: "2027-01", count: 2500, hospitals, drgs: [...config.tariffs[0].drgs.keys()] });
  const fn = createPriceHandler({ store: platform.store, config: staticConfigSource(() => config), periodChunkSize: 1000 });
  processor = createEventProcessor({ fn, db: platform.db, deps: {}, log: createLogger({ level: "silent" }) });
});
afterEach(() => platform.db.close());

describe("closing a period", () => {
  it("plans keyset slices of at most the chunk size that together hold every claim once", async () => {
    const slices = await planSlices(platform.db, "2027-01", 1000);
    expect(slices.map((s) => s.claimCount)).toEqual([1000, 1000, 500]);
    expect(slices[0].firstClaimId).toBe("clm_");
    expect(slices[2].lastClaimId).toBe("clm_~");
    expect(slices[0].lastClaimId < slices[1].firstClaimId).toBe(true);
  });

  it("fans out one chunk event per slice in the close's transaction and moves the period to closing", async () => {
    await processor.process(closed("e1", "run_close_2027-01"));
    const { rows } = await platform.db.query<{ event: any }>("select event from outbox order by id");
    expect(rows.map((r) => (typeof r.event === "string" ? JSON.parse(r.event) : r.event).data.chunkIndex)).toEqual([0, 1, 2]);
    expect((await platform.db.query("select status from period where period = '2027-01'")).rows[0]).toEqual({ status: "closing" });
    expect((await platform.db.query("select chunks_total from run where id = 'run_close_2027-01'")).rows[0]).toEqual({ chunks_total: 3 });
  });

  it("of two closes handled at once only one starts a run; the other retries and then does nothing", async () => {
    const [a, b] = await Promise.all([processor.process(closed("e1", "run_close_2027-01")), processor.process(closed("e2", "run_close_2027-01_x"))]);
    expect([a.status, b.status].sort()).toEqual([202, 503]);
    const retried = a.status === 503 ? closed("e1", "run_close_2027-01") : closed("e2", "run_close_2027-01_x");
    expect((await processor.process(retried)).status).toBe(202);
    expect((await platform.db.query("select count(*)::int as n from period_run")).rows[0]).toEqual({ n: 1 });
  });
});

describe("closing a period again with nothing to change", () => {
  it("records the run id it was given as a completed run that priced nothing and names the run that stands", async () => {
    await processor.process(closed("e1", "run_close_2027-01"));
    const again = await processor.process(closed("e2", "run_close_2027-01_20270203T000000_abcdef"));
    expect(again.status).toBe(202);
    const view = await runStatus(platform.db, "run_close_2027-01_20270203T000000_abcdef");
    // The first run is still going (its chunks are in the outbox): the re-close changes nothing either way.
    expect(view).toMatchObject({ status: "completed", period: "2027-01", sameAs: "run_close_2027-01", chunksTotal: 0, claimCount: null });
    expect((await platform.db.query("select count(*)::int as n from period_run")).rows[0]).toEqual({ n: 1 });
    expect((await platform.db.query("select close_run_id from period where period = '2027-01'")).rows[0]).toEqual({ close_run_id: "run_close_2027-01" });
  });

  it("after a completed close with the same versions, answers a readable run that names the close run and logs that nothing changed", async () => {
    const lines: string[] = [];
    const logged = createEventProcessor({
      fn: createPriceHandler({ store: platform.store, config: staticConfigSource(() => config), periodChunkSize: 1000 }),
      db: platform.db, deps: {}, log: createLogger({ level: "info", write: (line) => void lines.push(line) }),
    });
    await logged.process(closed("e1", "run_close_2027-01"));
    await platform.db.query("update run set status = 'completed', finished_at = now() where id = 'run_close_2027-01'");
    await logged.process(closed("e2", "run_close_2027-01_20270301T000000_0a0b0c"));
    expect(await runStatus(platform.db, "run_close_2027-01_20270301T000000_0a0b0c")).toMatchObject({ status: "completed", sameAs: "run_close_2027-01", period: "2027-01" });
    const said = lines.map((l) => JSON.parse(l) as { msg: string; runId?: string; sameAs?: string }).filter((l) => l.msg.includes("nothing changed"));
    expect(said).toMatchObject([{ runId: "run_close_2027-01_20270301T000000_0a0b0c", sameAs: "run_close_2027-01" }]);
    expect((await platform.db.query("select count(*)::int as n from outbox where event->'data'->>'runId' = 'run_close_2027-01_20270301T000000_0a0b0c'")).rows[0]).toEqual({ n: 0 });
  });
});
