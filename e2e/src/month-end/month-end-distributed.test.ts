import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { createDraft, publishedEvent, publishVersion, tariffDraft } from "@casemix/config";
import { seedPeriod, tariffVersion2, type SeededClaim } from "@casemix/fn-price";
import { indexRegister } from "@casemix/pricing";
import { compile, demoVersions, monthEndTick } from "./harness.ts";
import { changedByV2, currentTotals, expectedPrices, expectSameMap, runTotals, sumOf } from "./month-end-flow.ts";
import { duckdbRunTotal } from "./duckdb-sum.ts";
import { groupedCorrection } from "./correction.ts";
import { hasServices, startDistributedMonthEnd, type DistributedMonthEnd } from "./distributed.ts";
import { computePrice } from "@casemix/pricing";

/**
 * Acceptance 2, distributed: Kafka, PostgreSQL and S3 (scripts/with-services.sh). 100,000 seeded
 * grouped claims of 2026-01 (a month already over on this machine's clock, so the admin close is
 * allowed); MONTH_END_CLAIMS overrides the count.
 */
const CLAIMS = Number(process.env.MONTH_END_CLAIMS ?? 100_000);
const PERIOD = "2026-01";

describe("month-end on Kafka, PostgreSQL and S3", skipUnless(hasServices, "no DATABASE_URL, KAFKA_BROKERS or S3_ENDPOINT: run under scripts/with-services.sh (or source scripts/services-env.sh)"), () => {
  let m: DistributedMonthEnd;
  let claims: SeededClaim[];
  const { tariff, register } = demoVersions();
  const v2Tariff = tariffVersion2(tariff, { hospitalClass: "specialist", baseRatePermille: 1050, drg: "05M2-I", weight: "0.9000" });
  const v1 = compile(tariff);
  const v2 = compile(v2Tariff);
  const hospitals = indexRegister(register, "2026-01-15");
  let firstTotal: string;

  beforeAll(async () => {
    m = await startDistributedMonthEnd("monthend");
    claims = await seedPeriod(m.db, { period: PERIOD, count: CLAIMS, hospitals: register.hospitals, drgs: tariff.drgs.map((d) => d.drg), seed: 11 });
  });
  afterAll(async () => m?.close());

  it("the tick closes the month and period.priced arrives once, equal to the API's and DuckDB's totals", async () => {
    const started = performance.now();
    await m.broker.bus.publish([monthEndTick("tick-d1", "2026-01-31T16:05:00Z")]);
    const [event] = await m.waitForPriced(1);
    console.log(`distributed close of ${CLAIMS} claims: tick to period.priced ${((performance.now() - started) / 1000).toFixed(1)} s`);
    await new Promise((r) => setTimeout(r, 3000));
    expect(m.priced).toHaveLength(1);
    const expected = expectedPrices(claims, v1, hospitals);
    expect(event.data).toMatchObject({ period: PERIOD, runId: `run_close_${PERIOD}`, claimCount: CLAIMS, totalSen: sumOf(expected).toString() });
    firstTotal = event.data.totalSen;
    const period = await m.api(m.price, `/v1/periods/${PERIOD}`);
    expect(period.body).toMatchObject({ status: "closed", currentTotalSen: firstTotal });
    const run = await m.api(m.price, `/v1/runs/run_close_${PERIOD}`);
    expect(run.body).toMatchObject({ status: "completed", totalSen: firstTotal });
    const duck = await duckdbRunTotal(m.store, `run_close_${PERIOD}`);
    expect(duck.totalSen).toBe(firstTotal);
  });

  it("a second close with the same tariff is a no-op", async () => {
    const before = await m.db.query("select count(*)::int as n from price");
    await m.broker.bus.publish([monthEndTick("tick-d2", "2026-02-01T16:05:00Z")]);
    const res = await m.api(m.scheduler, `/v1/periods/${PERIOD}/close`, { method: "POST", body: JSON.stringify({ reclose: true }) });
    expect(res.status).toBe(202);
    await new Promise((r) => setTimeout(r, 5000));
    expect(m.priced).toHaveLength(1);
    expect((await m.db.query("select count(*)::int as n from price")).rows[0]).toEqual(before.rows[0]);
    expect((await m.db.query("select count(*)::int as n from period_run")).rows[0]).toEqual({ n: 1 });
  });

  it("tariff version 2 and a re-close change exactly the claims of that class or DRG, each by its difference", async () => {
    const draft = await createDraft(m.db, tariffDraft(v2Tariff));
    const published = await publishVersion(m.db, draft.id);
    await m.broker.bus.publish([publishedEvent(published) as never]);
    await new Promise((r) => setTimeout(r, 6000)); // the index TTL (5 s) bounds a missed invalidation
    const res = await m.api(m.scheduler, `/v1/periods/${PERIOD}/close`, { method: "POST", body: JSON.stringify({ reclose: true }) });
    const [, event] = await m.waitForPriced(2);
    expect(event.data).toMatchObject({ runId: res.body.runId, tariffVersionIds: ["my-demo@2"] });
    const e1 = expectedPrices(claims, v1, hospitals);
    const e2 = expectedPrices(claims, v2, hospitals);
    expectSameMap(await currentTotals(m.db, PERIOD), e2);
    const must = changedByV2(claims, hospitals);
    const changed = claims.filter((c) => e2.get(c.claimId) !== e1.get(c.claimId)).map((c) => c.claimId);
    expect(changed.filter((id) => !must.has(id))).toEqual([]);
    const { rows } = await m.db.query<{ claim_id: string; delta_sen: string }>("select claim_id, delta_sen::text from price where run_id = $1", [res.body.runId]);
    expect(rows.filter((r) => Number(r.delta_sen) !== e2.get(r.claim_id)! - e1.get(r.claim_id)!).slice(0, 3)).toEqual([]);
    expect(rows.filter((r) => r.delta_sen !== "0").every((r) => must.has(r.claim_id))).toBe(true);
    expect(event.data.totalSen).toBe(sumOf(e2).toString());
    expect((await duckdbRunTotal(m.store, res.body.runId)).totalSen).toBe(event.data.totalSen);
  });

  it("the first run can still be read", async () => {
    expectSameMap(await runTotals(m.db, `run_close_${PERIOD}`), expectedPrices(claims, v1, hospitals));
    expect((await m.api(m.price, `/v1/runs/run_close_${PERIOD}`)).body.totalSen).toBe(firstTotal);
  });

  it("a claim corrected after the close appears in an adjustment run with its difference", async () => {
    const claim = claims[1];
    const { event, los } = await groupedCorrection(m.store, claim, "bat_dcorrection1");
    await m.db.query("update claim set current_version = 2 where claim_id = $1", [claim.claimId]);
    await m.broker.bus.publish([event]);
    const [, , adj] = await m.waitForPriced(3);
    const h = hospitals.get(claim.hospitalCode)!;
    const price = (l: number) => {
      const r = computePrice(v2, h, { drg: claim.drg, los: l, dischargeStatus: claim.dischargeStatus, totalChargesSen: claim.totalChargesSen });
      return r.ok ? r.price.totalSen : 0;
    };
    expect(adj.data).toMatchObject({ runKind: "adjustment", period: PERIOD, claimCount: 1, deltaSen: String(price(los) - price(claim.los)) });
    const period = await m.api(m.price, `/v1/periods/${PERIOD}`);
    expect(period.body.runs.map((r: { kind: string }) => r.kind)).toEqual(["close", "close", "adjustment"]);
  });
});
