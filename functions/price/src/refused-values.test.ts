import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ClaimsChunkPricedDataSchema } from "@casemix/events";
import { readChunk, verifyChunk } from "@casemix/parquet";
import { indexRegister } from "@casemix/pricing";
import type { EventProcessor, TestPlatform } from "@casemix/runtime";
import { demoPricingConfig } from "./pricing-config.ts";
import { groupedChunkEvent, type TestClaim } from "./testing/grouped-chunk.ts";
import { createPriceTestWorld } from "./testing/price-processor.ts";

const config = demoPricingConfig();
const hospital = [...indexRegister(config.registers[0], "2027-01-15").values()].find((h) => h.hospitalClass === "state")!;
const claims: TestClaim[] = [1, 2, 3, 4].map((n) => ({
  claimId: `clm_r${n}`, hospitalCode: hospital.code, admissionDate: "2027-01-10", dischargeDate: "2027-01-12", drg: "05M2-I", totalChargesSen: 100000,
}));

let platform: TestPlatform;
let processor: EventProcessor;
beforeEach(async () => void ({ platform, processor } = await createPriceTestWorld(config)));
afterEach(() => platform.db.close());

describe("price with a value the database refuses", () => {
  // A constraint stands in for any value a price row may not hold (SQLSTATE class 22 or 23 alike).
  it("holds only the refused claim, unpriceable with E_VALUE_REFUSED and nothing of it stored, and prices the rest", async () => {
    await platform.db.query("ALTER TABLE price ADD CONSTRAINT refuse_clm_r2 CHECK (claim_id <> 'clm_r2')");
    const result = await processor.process(await groupedChunkEvent(platform.store, "bat_r1", claims));
    expect(result.status).toBe(200);
    const data = ClaimsChunkPricedDataSchema.parse(result.reply!.data);
    expect(data.counts.priced).toBe(3);
    const bytes = await platform.store.get(data.objectKey);
    await verifyChunk(bytes, data);
    const rows = await readChunk(bytes);
    expect(rows.map((r) => [r.claimId, r.errorCode])).toEqual([["clm_r1", null], ["clm_r2", "E_VALUE_REFUSED"], ["clm_r3", null], ["clm_r4", null]]);
    expect(Number(rows[1].totalSen)).toBe(0);
    expect(BigInt(data.totalSen)).toBe(rows.reduce((s, r) => s + BigInt(r.totalSen as bigint), 0n));
    const stored = await platform.db.query<{ claim_id: string }>("select claim_id from price order by claim_id");
    expect(stored.rows.map((r) => r.claim_id)).toEqual(["clm_r1", "clm_r3", "clm_r4"]);
    const current = await platform.db.query<{ claim_id: string }>("select claim_id from price_current order by claim_id");
    expect(current.rows.map((r) => r.claim_id)).toEqual(["clm_r1", "clm_r3", "clm_r4"]);
  });
});
