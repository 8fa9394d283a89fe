import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClaimsChunkPricedDataSchema, EventTypes } from "@casemix/events";
import { readChunk, verifyChunk } from "@casemix/parquet";
import { computePrice, indexRegister } from "@casemix/pricing";
import type { EventProcessor, TestPlatform } from "@casemix/runtime";
import { demoPricingConfig } from "./pricing-config.ts";
import { groupedChunkEvent, type TestClaim } from "./testing/grouped-chunk.ts";
import { createPriceTestWorld } from "./testing/price-processor.ts";

const config = demoPricingConfig();
const hospitals = indexRegister(config.registers[0], "2027-01-15");
const [state, district] = ["state", "district"].map((cls) => [...hospitals.values()].find((h) => h.hospitalClass === cls)!);
const claims: TestClaim[] = [
  { claimId: "clm_a1", hospitalCode: state.code, admissionDate: "2027-01-10", dischargeDate: "2027-01-12", drg: "05M2-I", totalChargesSen: 100000 },
  { claimId: "clm_a2", hospitalCode: district.code, admissionDate: "2027-01-10", dischargeDate: "2027-01-10", drg: "14M1-0" },
  { claimId: "clm_a3", hospitalCode: "H00-NOWHERE", admissionDate: "2027-01-01", dischargeDate: "2027-01-05", drg: "05M2-I" },
];
const expectedTotal = (c: TestClaim, los: number) => {
  const r = computePrice(config.tariffs[0], hospitals.get(c.hospitalCode)!, { drg: c.drg, los, dischargeStatus: "1", totalChargesSen: c.totalChargesSen ?? 0 });
  return r.ok ? r.price.totalSen : NaN;
};

let platform: TestPlatform;
let processor: EventProcessor;
beforeEach(async () => void ({ platform, processor } = await createPriceTestWorld(config)));
afterEach(() => platform.db.close());

describe("pricing a grouped chunk", () => {
  it("replies claims.chunk.priced with the exact total of the priced claims and a verifiable object of every claim, the unpriceable one with its code", async () => {
    const result = await processor.process(await groupedChunkEvent(platform.store, "bat_p1", claims));
    expect(result.reply?.type).toBe(EventTypes.claimsChunkPriced);
    const data = ClaimsChunkPricedDataSchema.parse(result.reply!.data);
    const total = expectedTotal(claims[0], 2) + expectedTotal(claims[1], 0);
    expect(data).toMatchObject({ counts: { priced: 2 }, totalSen: String(total), rowCount: 3, versions: { tariff: "my-demo@1" } });
    const bytes = await platform.store.get(data.objectKey);
    await verifyChunk(bytes, data);
    expect((await readChunk(bytes)).map((r) => [r.claimId, Number(r.totalSen), r.errorCode])).toEqual([
      ["clm_a1", expectedTotal(claims[0], 2), null], ["clm_a2", expectedTotal(claims[1], 0), null], ["clm_a3", 0, "E_HOSPITAL_NOT_IN_REGISTER"],
    ]);
  });

  it("appends one price row per claim version to the batch's run, an unpriceable one with its code", async () => {
    await processor.process(await groupedChunkEvent(platform.store, "bat_p1", claims));
    const { rows } = await platform.db.query<{ claim_id: string; run_id: string; total_sen: string; error_code: string | null }>(
      "select claim_id, run_id, total_sen::text, error_code from price order by claim_id",
    );
    expect(rows.map((r) => [r.claim_id, r.run_id, r.error_code])).toEqual([
      ["clm_a1", "run_bat_p1", null], ["clm_a2", "run_bat_p1", null], ["clm_a3", "run_bat_p1", "E_HOSPITAL_NOT_IN_REGISTER"],
    ]);
  });

  it("a redelivered chunk changes nothing and gets the same reply", async () => {
    const event = await groupedChunkEvent(platform.store, "bat_p1", claims);
    const first = await processor.process(event);
    const again = await processor.process(event);
    expect(again.reply).toEqual(first.reply);
    expect((await platform.db.query("select count(*)::int as n from price")).rows[0]).toEqual({ n: 3 });
  });

  it("a claim of a closed period goes into an adjustment run that records its difference", async () => {
    await processor.process(await groupedChunkEvent(platform.store, "bat_p1", claims.slice(0, 1)));
    await platform.db.query("update period set status = 'closed' where period = '2027-01'");
    const corrected = { ...claims[0], version: 2, admissionDate: "2027-01-02" };
    const result = await processor.process(await groupedChunkEvent(platform.store, "bat_p2", [corrected]));
    const runId = ClaimsChunkPricedDataSchema.parse(result.reply!.data).runId!;
    expect(runId).toMatch(/^run_adj_2027-01_/);
    const { rows } = await platform.db.query<{ delta_sen: string; previous_total_sen: string }>("select delta_sen::text, previous_total_sen::text from price where run_id = $1", [runId]);
    expect(rows[0]).toEqual({ delta_sen: String(expectedTotal(claims[0], 10) - expectedTotal(claims[0], 2)), previous_total_sen: String(expectedTotal(claims[0], 2)) });
    const events = await platform.db.query<{ n: number }>("select count(*)::int as n from outbox where event->>'type' = $1", [EventTypes.periodPriced]);
    expect(events.rows[0]).toEqual({ n: 1 });
  });

  it("records the adjustment run on the rows of the late claims of a chunk that mixes a closed and an open period", async () => {
    await platform.db.query("insert into period (period, status) values ('2027-01', 'closed')");
    const open = { ...claims[1], claimId: "clm_b2", admissionDate: "2027-02-01", dischargeDate: "2027-02-03" };
    const mixed = [claims[0], open];
    await platform.db.query(
      "insert into claim_row (batch_id, row_no, chunk_id, claim_id, version, state) select 'bat_m1', n, 'chk_1', 'clm_' || n, 1, 'grouped' from generate_series(1, 2) n",
    );
    const result = await processor.process(await groupedChunkEvent(platform.store, "bat_m1", mixed));
    // Two runs in one chunk: the reply names none, the rows say which claim went where.
    expect(ClaimsChunkPricedDataSchema.parse(result.reply!.data).runId).toBeUndefined();
    const { rows } = await platform.db.query<{ row_no: number; adjustment_run_id: string | null }>("select row_no, adjustment_run_id from claim_row where batch_id = 'bat_m1' order by row_no");
    const { rows: runs } = await platform.db.query<{ run_id: string }>("select run_id from price where claim_id = $1", [claims[0].claimId]);
    expect(runs[0].run_id).toMatch(/^run_adj_2027-01_/);
    expect(rows).toEqual([{ row_no: 1, adjustment_run_id: runs[0].run_id }, { row_no: 2, adjustment_run_id: null }]);
  });

  it("a grouped object that does not match its event is refused as invalid", async () => {
    const event = await groupedChunkEvent(platform.store, "bat_p1", claims);
    const result = await processor.process({ ...event, id: "evt_other", data: { ...event.data, rowCount: 4 } });
    expect(result.status).toBe(400);
  });
});
