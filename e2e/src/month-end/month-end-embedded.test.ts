import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, type TestIssuer } from "@casemix/auth";
import { seedPeriod, type SeededClaim } from "@casemix/fn-price";
import { acceptanceVersions, api, changedByV2, currentTotals, expectedPrices, expectSameMap, runTotals, sumOf } from "./month-end-flow.ts";
import { monthEndTick, pricedEvents, startPriceMesh } from "./harness.ts";
import { correctAfterClose } from "./correction.ts";

/**
 * Month-end, embedded (PGlite, folder store, in-process bus): close a period of seeded grouped claims,
 * close it again, re-close with tariff version 2, and correct a claim after the close.
 * CLAIMS=100000 runs the acceptance size (default 20,000 to keep the suite short).
 */
const CLAIMS = Number(process.env.MONTH_END_CLAIMS ?? 20_000);
const PERIOD = "2027-01";

describe("month-end on the embedded mesh", () => {
  let issuer: TestIssuer;
  let ctx: Awaited<ReturnType<typeof startPriceMesh>>;
  let claims: SeededClaim[];
  const versions = acceptanceVersions();
  let firstTotal: string;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    ctx = await startPriceMesh({ issuer, config: { tariffs: [versions.v1], registers: [versions.register] } });
    claims = await seedPeriod(ctx.platform.db, { period: PERIOD, count: CLAIMS, hospitals: versions.register.hospitals, drgs: versions.tariff.drgs.map((d) => d.drg), seed: 7 });
  });
  afterAll(async () => {
    await ctx?.mesh.close();
    await issuer?.close();
  });

  it("the month-end tick closes the previous month and period.priced arrives once with the exact total", async () => {
    const started = performance.now();
    await ctx.mesh.bus.publish([monthEndTick("tick-1", "2027-01-31T16:05:00Z")]);
    await ctx.mesh.idle();
    console.log(`embedded close of ${CLAIMS} claims: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    const priced = await pricedEvents(ctx.platform);
    expect(priced).toHaveLength(1);
    const expected = expectedPrices(claims, versions.v1, versions.hospitals);
    expect(priced[0].data).toMatchObject({ period: PERIOD, runId: "run_close_2027-01", runKind: "close", claimCount: CLAIMS, totalSen: sumOf(expected).toString() });
    expect(priced[0].data.chunkCount).toBe(Math.ceil(CLAIMS / 10_000));
    firstTotal = priced[0].data.totalSen;
  });

  it("the API's period total and run total equal period.priced's total", async () => {
    const period = await api(ctx.mesh, issuer, `/v1/periods/${PERIOD}`);
    expect(period.body).toMatchObject({ status: "closed", closeRunId: "run_close_2027-01", currentTotalSen: firstTotal, currentClaims: CLAIMS });
    const run = await api(ctx.mesh, issuer, "/v1/runs/run_close_2027-01");
    expect(run.body).toMatchObject({ status: "completed", chunksDone: run.body.chunksTotal, totalSen: firstTotal });
  });

  it("closing again with the same tariff starts no run and changes no price", async () => {
    const before = await ctx.platform.db.query("select count(*)::int as n from price");
    await ctx.mesh.bus.publish([monthEndTick("tick-2", "2027-02-01T16:05:00Z")]);
    const reclose = await api(ctx.mesh, issuer, `/v1/periods/${PERIOD}/close`, { method: "POST", body: JSON.stringify({ reclose: true }) });
    expect(reclose.status).toBe(202);
    await ctx.mesh.idle();
    const after = await ctx.platform.db.query("select count(*)::int as n from price");
    expect(after.rows[0]).toEqual(before.rows[0]);
    const runs = await ctx.platform.db.query("select count(*)::int as n from period_run");
    expect(runs.rows[0]).toEqual({ n: 1 });
    expect(await pricedEvents(ctx.platform)).toHaveLength(1);
  });

  it("a re-close with tariff version 2 changes exactly the claims of that class or DRG, each by its computed difference", async () => {
    ctx.setConfig({ tariffs: [versions.v1, versions.v2], registers: [versions.register] });
    const res = await api(ctx.mesh, issuer, `/v1/periods/${PERIOD}/close`, { method: "POST", body: JSON.stringify({ reclose: true }) });
    await ctx.mesh.idle();
    const runId = res.body.runId as string;
    const priced = await pricedEvents(ctx.platform);
    expect(priced).toHaveLength(2);
    expect(priced[1].data).toMatchObject({ runId, tariffVersionIds: ["my-demo@2"] });
    const v1 = expectedPrices(claims, versions.v1, versions.hospitals);
    const v2 = expectedPrices(claims, versions.v2, versions.hospitals);
    const current = await currentTotals(ctx.platform.db, PERIOD);
    expectSameMap(current, v2);
    const mustChange = changedByV2(claims, versions.hospitals);
    const changed = new Set([...current].filter(([id, total]) => total !== v1.get(id)).map(([id]) => id));
    expect([...changed].filter((id) => !mustChange.has(id))).toEqual([]);
    // A priced claim of the class or DRG moves (a 5% rate or a new weight never rounds back to the same sen).
    const stillSame = [...mustChange].filter((id) => !changed.has(id) && v1.get(id) !== 0);
    expect(stillSame).toEqual([]);
    const { rows } = await ctx.platform.db.query<{ claim_id: string; delta_sen: string | number }>("select claim_id, delta_sen from price where run_id = $1", [runId]);
    const wrongDelta = rows.filter((r) => Number(r.delta_sen) !== v2.get(r.claim_id)! - v1.get(r.claim_id)!).slice(0, 3);
    expect(wrongDelta).toEqual([]);
    expect(priced[1].data.deltaSen).toBe((sumOf(v2) - sumOf(v1)).toString());
  });

  it("the first run can still be read after the re-close", async () => {
    expectSameMap(await runTotals(ctx.platform.db, "run_close_2027-01"), expectedPrices(claims, versions.v1, versions.hospitals));
    const run = await api(ctx.mesh, issuer, "/v1/runs/run_close_2027-01");
    expect(run.body.totalSen).toBe(firstTotal);
  });

  it("a claim corrected after the close appears in an adjustment run with its difference", async () => {
    const outcome = await correctAfterClose(ctx, claims[0], PERIOD);
    expect(outcome.run.kind).toBe("adjustment");
    expect(outcome.priceRow.delta_sen).toBe(outcome.expectedDelta);
    expect(outcome.oldRowsUnchanged).toBe(true);
    const priced = await pricedEvents(ctx.platform);
    expect(priced.filter((e) => e.data.runKind === "adjustment").map((e) => e.data.deltaSen)).toEqual([String(outcome.expectedDelta)]);
    const period = await api(ctx.mesh, issuer, `/v1/periods/${PERIOD}`);
    expect(period.body.runs.map((r: { kind: string }) => r.kind)).toEqual(["close", "close", "adjustment"]);
  });
});
