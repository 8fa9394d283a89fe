import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createEvent, EventTypes, type CasemixEvent } from "@casemix/events";
import { createEventProcessor, createLogger, createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { applyBatchIdOf } from "./apply.ts";
import { parseDeadlines } from "./deadlines.ts";
import { seedFinalClaim, type SeededClaim } from "./fixtures.ts";
import { createAppealsHandler } from "./handler.ts";

let platform: TestPlatform;
let claim: SeededClaim;
let n = 0;
const handler = createAppealsHandler(parseDeadlines("filed=P5D,under_review=P30D,applied=P14D"));
const process = (event: CasemixEvent) => createEventProcessor({ fn: handler, db: platform.db, deps: {}, log: createLogger({ level: "silent" }) }).process(event);

beforeAll(async () => (platform = await createTestPlatform()));
afterAll(() => platform.db.close());
beforeEach(async () => {
  n++;
  claim = await seedFinalClaim(platform, { hospitalCode: "HOSP-A", claimNumber: `H-${n}`, n: 100 + n });
});

/** An appeal in `state` since `since`, as the API leaves it. */
async function appealIn(state: string, since: string, extra: Record<string, unknown> = {}): Promise<string> {
  const id = `apl_${String(n).padStart(24, "0")}`;
  const cols = { appeal_id: id, hospital_code: "HOSP-A", claim_id: claim.claimId, claim_version: 1, reason_code: "A_OTHER", reason_text: "x", state, state_since: since, filed_by: "coder-1", created_at: since, before_drg: "ES31", before_total_sen: "1234500", ...extra };
  const keys = Object.keys(cols);
  await platform.db.query(`INSERT INTO appeal (${keys.join(", ")}) VALUES (${keys.map((_, i) => `$${i + 1}`).join(", ")})`, Object.values(cols));
  return id;
}

const outboxOf = async (type: string, appealId: string) =>
  (await platform.db.query<{ event: any }>("SELECT event FROM outbox WHERE event->>'type' = $1 AND event->'data'->>'appealId' = $2 ORDER BY id", [type, appealId])).rows.map((r) => r.event.data);

const tick = (at: string) => createEvent({ type: EventTypes.appealDeadlinesReached, from: "scheduler", causeId: `tick-${at}`, time: at, data: { at } }) as CasemixEvent;

describe("the appeal's batch completes", () => {
  it("a decided appeal becomes applied with the new version's DRG and payment, and the adjustment run that paid it", async () => {
    const appealId = await appealIn("decided", "2027-03-01T00:00:00Z", { decision: "overturned", apply_batch_id: applyBatchIdOf(`apl_${String(n).padStart(24, "0")}`) });
    const batchId = applyBatchIdOf(appealId);
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status) VALUES ($1, 'HOSP-A', 'appeal', 'completed')", [batchId]);
    await platform.db.query(
      `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_id, version, state, adjustment_run_id) VALUES ($1, 1, 'chk_x', 'HOSP-A', $2, 2, 'final', 'run_adj_2027-01_z1')`,
      [batchId, claim.claimId],
    );
    await platform.db.query("INSERT INTO grouping (claim_id, version, definition_version_id, batch_id, row_no, mdc, adrg, drg, status, reason) VALUES ($1, 2, 'cfg_seeddef', $2, 1, 'E', 'ES1', 'ES13', 'grouped', 'x')", [claim.claimId, batchId]);
    await platform.db.query("UPDATE price_current SET version = 2, run_id = 'run_adj_2027-01_z1', total_sen = 1500000 WHERE claim_id = $1", [claim.claimId]);
    const completed = createEvent({
      type: EventTypes.batchCompleted, from: "flag-outlier", causeId: batchId, time: "2027-03-02T00:00:00Z",
      data: { batchId, hospitalCode: "HOSP-A", chunkCount: 1, counts: { received: 1, rejected: 0, duplicate: 0, superseded: 0, ungroupable: 0, final: 1, underReview: 0 }, totalSen: "1500000" },
    }) as CasemixEvent;
    expect((await process(completed)).status).toBe(202);
    const { rows } = await platform.db.query("SELECT state, after_version, after_drg, after_total_sen::text AS after_total_sen, after_run_id FROM appeal WHERE appeal_id = $1", [appealId]);
    expect(rows).toEqual([{ state: "applied", after_version: 2, after_drg: "ES13", after_total_sen: "1500000", after_run_id: "run_adj_2027-01_z1" }]);
    expect(await outboxOf(EventTypes.appealTransitioned, appealId)).toEqual([expect.objectContaining({
      from: "decided", to: "applied", before: { claimVersion: 1, drg: "ES31", totalSen: "1234500" }, after: { claimVersion: 2, drg: "ES13", totalSen: "1500000" }, adjustmentRunId: "run_adj_2027-01_z1",
    })]);
    // A redelivery changes nothing more.
    await process(completed);
    expect(await outboxOf(EventTypes.appealTransitioned, appealId)).toHaveLength(1);
  });
});

describe("the appeal's batch completes with the new version refused", () => {
  it("the appeal stays decided with the reason, and no move is sent", async () => {
    const appealId = `apl_${String(n).padStart(24, "0")}`;
    const batchId = applyBatchIdOf(appealId);
    await appealIn("decided", "2027-03-01T00:00:00Z", { decision: "partly", apply_batch_id: batchId });
    await platform.db.query("INSERT INTO batch (id, hospital_code, channel, status) VALUES ($1, 'HOSP-A', 'appeal', 'completed')", [batchId]);
    await platform.db.query(
      `INSERT INTO claim_row (batch_id, row_no, chunk_id, hospital_code, claim_id, state, errors) VALUES ($1, 1, 'chk_x', 'HOSP-A', $2, 'rejected', $3::jsonb)`,
      [batchId, claim.claimId, JSON.stringify([{ code: "E_DX_UNKNOWN", field: "principalDiagnosis", message: "not in the code set" }])],
    );
    const completed = createEvent({
      type: EventTypes.batchCompleted, from: "flag-outlier", causeId: batchId, time: "2027-03-02T00:00:00Z",
      data: { batchId, hospitalCode: "HOSP-A", chunkCount: 1, counts: { received: 1, rejected: 1, duplicate: 0, superseded: 0, ungroupable: 0, final: 0, underReview: 0 }, totalSen: "0" },
    }) as CasemixEvent;
    await process(completed);
    const { rows } = await platform.db.query<{ state: string; apply_error: any }>("SELECT state, apply_error FROM appeal WHERE appeal_id = $1", [appealId]);
    expect(rows[0].state).toBe("decided");
    expect(rows[0].apply_error).toMatchObject({ code: "E_APPEAL_APPLY_REJECTED", errors: [{ code: "E_DX_UNKNOWN" }] });
    expect(await outboxOf(EventTypes.appealTransitioned, appealId)).toEqual([]);
  });
});

describe("deadlines under the tick's clock", () => {
  it("a filed appeal is escalated once its 5 days have passed, and only once", async () => {
    const appealId = await appealIn("filed", "2027-03-01T00:00:00Z");
    await process(tick("2027-03-05T23:00:00Z"));
    expect(await outboxOf(EventTypes.appealEscalated, appealId)).toEqual([]);
    await process(tick("2027-03-06T01:00:00Z"));
    await process(tick("2027-03-06T02:00:00Z"));
    expect(await outboxOf(EventTypes.appealEscalated, appealId)).toEqual([
      { appealId, claimId: claim.claimId, claimVersion: 1, hospitalCode: "HOSP-A", state: "filed", stateSince: "2027-03-01T00:00:00.000Z", deadline: "2027-03-06T00:00:00.000Z", escalatedAt: "2027-03-06T01:00:00.000Z" },
    ]);
    const audit = await platform.db.query("SELECT actor, action FROM audit_record WHERE object = $1", [appealId]);
    expect(audit.rows).toEqual([{ actor: "system:appeals", action: "appeals.escalate" }]);
  });

  it("an applied appeal the hospital has not closed closes itself after 14 days", async () => {
    const appealId = await appealIn("applied", "2027-03-01T00:00:00Z");
    await process(tick("2027-03-16T00:00:00Z"));
    expect((await platform.db.query("SELECT state FROM appeal WHERE appeal_id = $1", [appealId])).rows).toEqual([{ state: "closed" }]);
    expect((await outboxOf(EventTypes.appealTransitioned, appealId)).map((e) => `${e.from}->${e.to}`)).toEqual(["applied->closed"]);
  });

  it("a state without a deadline is never escalated", async () => {
    const appealId = await appealIn("decided", "2020-01-01T00:00:00Z", { decision: "partly" });
    await process(tick("2027-03-16T00:00:00Z"));
    expect(await outboxOf(EventTypes.appealEscalated, appealId)).toEqual([]);
  });
});
