import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { setCurrentPrices } from "./price-store.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestPglite();
});
afterAll(() => db.close());

const priced = (claimId: string, version: number, totalSen: number) =>
  ({ input: { claimId, version, period: "2026-09" }, runId: "run_bat_x", totalSen }) as unknown as Parameters<typeof setCurrentPrices>[1][number];

describe("current prices", () => {
  it("a chunk holding a claim and its correction makes the correction current, in one statement", async () => {
    await db.transaction((tx) => setCurrentPrices(tx, [priced("clm_a", 1, 1000), priced("clm_b", 1, 500), priced("clm_a", 2, 1200)]));
    const { rows } = await db.query<{ claim_id: string; version: number; total_sen: string }>(
      "SELECT claim_id, version, total_sen FROM price_current ORDER BY claim_id",
    );
    expect(rows.map((r) => [r.claim_id, Number(r.version), Number(r.total_sen)])).toEqual([
      ["clm_a", 2, 1200],
      ["clm_b", 1, 500],
    ]);
  });

  it("a late older version never replaces the current newer one", async () => {
    await db.transaction((tx) => setCurrentPrices(tx, [priced("clm_a", 1, 999)]));
    const { rows } = await db.query<{ version: number }>("SELECT version FROM price_current WHERE claim_id = 'clm_a'");
    expect(Number(rows[0].version)).toBe(2);
  });
});
