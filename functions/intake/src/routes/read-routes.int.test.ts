import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestPlatform } from "@casemix/runtime";
import { exampleClaim, startIntakeTestApi, type IntakeTestApi } from "./test-api.ts";

let platform: TestPlatform;
let app: IntakeTestApi["app"];
let as: IntakeTestApi["as"];
let close: IntakeTestApi["close"];
const claim = exampleClaim;
const HOSPITAL = "H10-DEC915";

beforeAll(async () => void ({ platform, app, as, close } = await startIntakeTestApi()));
afterAll(() => close());

const submit = async (claimNumber: string, hospital = HOSPITAL) => {
  const res = await app.request("/v1/claims", { method: "POST", body: JSON.stringify({ ...claim, hospitalCode: hospital, claimNumber }), headers: { ...(await as(["hospital"], hospital)), "content-type": "application/json" } });
  return ((await res.json()) as { batchId: string }).batchId;
};

describe("intake's read APIs for the web application", () => {
  it("lists a hospital's batches newest first, a page at a time, and none of another hospital's", async () => {
    const ids = [await submit("LIST-1"), await submit("LIST-2"), await submit("LIST-3"), await submit("OTHER-1", "H10-OTHER1")];
    const page1 = (await (await app.request("/v1/batches?limit=2", { headers: await as(["hospital-coder"], HOSPITAL) })).json()) as { batches: { batchId: string }[]; next: string };
    expect(page1.batches.map((b) => b.batchId)).toEqual([ids[2], ids[1]]);
    const page2 = (await (await app.request(`/v1/batches?limit=2&after=${encodeURIComponent(page1.next)}`, { headers: await as(["hospital-coder"], HOSPITAL) })).json()) as { batches: { batchId: string }[] };
    expect(page2.batches.map((b) => b.batchId)).toContain(ids[0]);
    expect(page2.batches.map((b) => b.batchId)).not.toContain(ids[3]);
    expect((await app.request("/v1/batches?hospital=H10-OTHER1", { headers: await as(["hospital-coder"], HOSPITAL) })).status).toBe(403);
    expect((await app.request("/v1/batches?after=nonsense", { headers: await as(["admin"]) })).status).toBe(400);
  });

  it("lists a batch's rejected claims with their reasons, in row order", async () => {
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status, rows_received) VALUES ('bat_reads', $1, 'upload', 'completed', 3)", [HOSPITAL]);
    await platform.db.query(
      `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_number, state, errors) VALUES
         ('bat_reads', 1, 'c', $1, 'R1', 'final', NULL),
         ('bat_reads', 2, 'c', $1, 'R2', 'rejected', '[{"code":"E_REQUIRED","field":"principalDiagnosis","message":"principal diagnosis is required"}]'),
         ('bat_reads', 3, 'c', $1, 'R3', 'rejected', '[{"code":"E_DATE_ORDER","field":"dischargeDate","message":"before admission"}]')`,
      [HOSPITAL],
    );
    const res = await app.request("/v1/batches/bat_reads/claims?state=rejected&limit=1", { headers: await as(["hospital-coder"], HOSPITAL) });
    const body = (await res.json()) as { claims: { rowNo: number; errors: { code: string }[] }[]; next: number };
    expect(body.claims.map((c) => [c.rowNo, c.errors[0].code])).toEqual([[2, "E_REQUIRED"]]);
    const next = (await (await app.request(`/v1/batches/bat_reads/claims?state=rejected&limit=1&after=${body.next}`, { headers: await as(["hospital-coder"], HOSPITAL) })).json()) as { claims: { rowNo: number }[] };
    expect(next.claims.map((c) => c.rowNo)).toEqual([3]);
    expect((await app.request("/v1/batches/bat_reads/claims", { headers: await as(["hospital-coder"], "H10-OTHER1") })).status).toBe(404);
  });

  it("shows a claim's versions with grouping trace, price components and outlier flags; another hospital's is not found", async () => {
    await platform.db.query("INSERT INTO claim (claim_id, hospital_code, claim_number, current_version, content_hash, batch_id, row_no, period) VALUES ('clm_read1', $1, 'R1', 1, 'h', 'bat_reads', 1, '2026-03')", [HOSPITAL]);
    await platform.db.query("INSERT INTO config_version (id, kind, label, effective_from, content, sha256) VALUES ('cfg_00000000000000000001', 'definition', 'd', '2026-01-01', '{}'::jsonb, 'x')");
    await platform.db.query(
      `INSERT INTO grouping (claim_id, version, definition_version_id, batch_id, row_no, mdc, adrg, drg, status, reason, trace)
       VALUES ('clm_read1', 1, 'cfg_00000000000000000001', 'bat_reads', 1, '05', '05P1', '05P1-0', 'grouped', 'OK', '{"rulesTried":["05.S1","05.P1"],"matchedRule":"05.P1"}')`,
    );
    await platform.db.query(
      `INSERT INTO price (claim_id, version, run_id, period, hospital_code, tariff_version_id, drg, los, discharge_status, base_rate_sen, weight, base_payment_sen, total_sen, delta_sen)
       VALUES ('clm_read1', 1, 'run_bat_reads', '2026-03', $1, 'cfg_t', '05P1-0', 4, '1', 420000, '0.8800', 369600, 369600, 369600)`,
      [HOSPITAL],
    );
    await platform.db.query(
      `INSERT INTO outlier_decision (claim_id, version, batch_id, chunk_id, row_no, event_id, hospital_code, period, tariff_version_id, inputs, checks, flags, flagged)
       VALUES ('clm_read1', 1, 'bat_reads', 'c', 1, 'e', $1, '2026-03', 'cfg_t', '{}', '{}', '[{"kind":"cost","reason":"high","baselineId":null}]', true)`,
      [HOSPITAL],
    );
    const res = await app.request("/v1/claims/clm_read1", { headers: await as(["hospital-coder"], HOSPITAL) });
    expect(res.status).toBe(200);
    const view = (await res.json()) as { claim: { claimNumber: string }; versions: { version: number; state: string; groupings: { trace: unknown }[]; prices: { totalSen: string; weight: string }[]; outlier: { flagged: boolean }[] }[] };
    expect(view.claim.claimNumber).toBe("R1");
    expect(view.versions).toHaveLength(1);
    expect(view.versions[0]).toMatchObject({ version: 1, state: "final", prices: [{ totalSen: "369600", weight: "0.8800" }], outlier: [{ flagged: true }] });
    expect(view.versions[0].groupings[0].trace).toEqual({ rulesTried: ["05.S1", "05.P1"], matchedRule: "05.P1" });
    expect((await app.request("/v1/claims/clm_read1", { headers: await as(["hospital-coder"], "H10-OTHER1") })).status).toBe(404);
    expect((await app.request("/v1/claims/clm_read1", { headers: await as(["moh-reviewer"]) })).status).toBe(200);
    expect((await app.request("/v1/claims/not-a-claim", { headers: await as(["admin"]) })).status).toBe(400);
  });
});
