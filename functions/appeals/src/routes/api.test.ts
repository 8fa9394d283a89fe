import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { LANDING_COLUMNS } from "@casemix/claims";
import { AppealTransitionedDataSchema, EventTypes } from "@casemix/events";
import { readChunk } from "@casemix/parquet";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createRawObjects, developmentMasterKeys } from "@casemix/storage";
import { loadAppealsEnv } from "../env.ts";
import { seedFinalClaim, type SeededClaim } from "../fixtures.ts";
import { createAppealsApi } from "./api.ts";

let issuer: TestIssuer;
let platform: TestPlatform;
let app: ReturnType<typeof createAppealsApi>;
let claim: SeededClaim;
let n = 0;

// One database for the file (a PGlite takes seconds to start on a loaded machine); each test its own claim.
beforeAll(async () => {
  issuer = await startTestIssuer();
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  app = createAppealsApi({ platform, env: loadAppealsEnv({}), scanner: { scan: async () => ({ clean: true, scanner: "test" }) }, evidence: createRawObjects(platform.store, developmentMasterKeys("test")) });
});
afterAll(async () => {
  await platform.db.close();
  await issuer.close();
});
beforeEach(async () => {
  n++;
  claim = await seedFinalClaim(platform, { hospitalCode: "HOSP-A", claimNumber: `C-${n}`, n });
});

const call = async (method: string, path: string, who: { roles: string[]; hospital?: string; sub?: string }, body?: unknown) => {
  const token = await issuer.token({ sub: who.sub ?? "user-1", roles: who.roles, hospital: who.hospital });
  const res = await app.request(path, {
    method, headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as any };
};
const hospital = { roles: ["hospital"], hospital: "HOSP-A", sub: "coder-1" };
const reviewer = { roles: ["moh-reviewer"], sub: "reviewer-1" };
const file = () => call("POST", "/v1/appeals", hospital, { claimId: claim.claimId, claimVersion: 1, reasonCode: "A_WRONG_PDX", reasonText: "the principal diagnosis is J15.9" });
const transitions = async () =>
  (await platform.db.query<{ event: any }>("SELECT event FROM outbox WHERE event->>'type' = $1 AND event->'data'->>'claimId' = $2 ORDER BY id", [EventTypes.appealTransitioned, claim.claimId])).rows.map((r) => r.event.data);

describe("appeals API", () => {
  it("a hospital files an appeal on its final claim: filed, with the claim's DRG and payment, one transition event, audited with the actor", async () => {
    const res = await file();
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: "filed", claimVersion: 1, filedBy: "coder-1", before: { drg: "ES31", totalSen: "1234500", period: "2027-01" } });
    const events = await transitions();
    expect(events).toEqual([expect.objectContaining({ appealId: res.body.appealId, seq: 1, from: null, to: "filed", before: { claimVersion: 1, drg: "ES31", totalSen: "1234500" } })]);
    expect(AppealTransitionedDataSchema.safeParse(events[0]).success).toBe(true);
    const audit = await platform.db.query<{ actor: string; action: string }>("SELECT actor, action FROM audit_record WHERE object = $1", [res.body.appealId]);
    expect(audit.rows).toEqual([{ actor: "coder-1", action: "appeals.filed" }]);
  });

  it("another hospital's claim is not found; a second appeal while one is open is refused", async () => {
    expect((await call("POST", "/v1/appeals", { roles: ["hospital"], hospital: "HOSP-B" }, { claimId: claim.claimId, claimVersion: 1, reasonCode: "A_OTHER", reasonText: "x" })).status).toBe(404);
    expect((await file()).status).toBe(201);
    expect((await file()).body.error.code).toBe("E_APPEAL_OPEN");
  });

  it("only the claim's current version can be appealed", async () => {
    const res = await call("POST", "/v1/appeals", hospital, { claimId: claim.claimId, claimVersion: 2, reasonCode: "A_OTHER", reasonText: "x" });
    expect(res).toMatchObject({ status: 409, body: { error: { code: "E_APPEAL_NOT_CURRENT", field: "claimVersion" } } });
  });

  it("upheld: reviewed, decided and applied at once with the same result; four moves, one event each", async () => {
    const { appealId } = (await file()).body;
    expect((await call("POST", `/v1/appeals/${appealId}/review`, reviewer, {})).body).toMatchObject({ state: "under_review", reviewer: "reviewer-1" });
    const decided = await call("POST", `/v1/appeals/${appealId}/decide`, reviewer, { decision: "upheld", note: "coding matches the notes" });
    expect(decided.body).toMatchObject({ state: "applied", decision: "upheld", after: { claimVersion: 1, drg: "ES31", totalSen: "1234500" }, applyBatchId: null });
    expect((await transitions()).map((t) => `${t.seq}:${t.from}->${t.to}`)).toEqual(["1:null->filed", "2:filed->under_review", "3:under_review->decided", "4:decided->applied"]);
    const read = await call("GET", `/v1/appeals/${appealId}`, hospital);
    expect(read.body.transitions.map((t: any) => t.actor)).toEqual(["coder-1", "reviewer-1", "reviewer-1", "system:appeals"]);
    expect((await call("POST", `/v1/appeals/${appealId}/close`, hospital, {})).body.state).toBe("closed");
  });

  it("overturned: the new claim version (the reviewer's coding, all else as sent) goes to the pipeline as a batch of its own", async () => {
    const { appealId } = (await file()).body;
    await call("POST", `/v1/appeals/${appealId}/review`, reviewer, {});
    const res = await call("POST", `/v1/appeals/${appealId}/decide`, reviewer, { decision: "overturned", coding: { principalDiagnosis: "J15.9" } });
    expect(res.body).toMatchObject({ state: "decided", decision: "overturned", applyBatchId: `bat_apl-${appealId.slice(4)}`, after: null });
    const { rows } = await platform.db.query<{ event: any }>("SELECT event FROM outbox WHERE event->>'type' = $1 AND event->'data'->>'batchId' = $2", [EventTypes.claimsChunkReceived, res.body.applyBatchId]);
    expect(rows).toHaveLength(1);
    const data = rows[0].event.data;
    expect(data).toMatchObject({ batchId: res.body.applyBatchId, channel: "appeal", rowCount: 1, hospitalCode: "HOSP-A" });
    const [row] = await readChunk(await platform.store.get(data.objectKey), { schema: LANDING_COLUMNS });
    expect(row).toMatchObject({ claimNumber: `C-${n}`, principalDiagnosis: "J15.9", secondaryDiagnoses: "E11.9" });
    const batch = await platform.db.query("SELECT channel, status, chunks_total FROM batch WHERE id = $1", [data.batchId]);
    expect(batch.rows).toEqual([{ channel: "appeal", status: "processing", chunks_total: 1 }]);
  });

  it("a decision that would change the claim needs coding, and coding that changes nothing is refused", async () => {
    const { appealId } = (await file()).body;
    await call("POST", `/v1/appeals/${appealId}/review`, reviewer, {});
    expect((await call("POST", `/v1/appeals/${appealId}/decide`, reviewer, { decision: "partly" })).body.error).toMatchObject({ code: "E_REQUEST", field: "coding" });
    const same = await call("POST", `/v1/appeals/${appealId}/decide`, reviewer, { decision: "partly", coding: { principalDiagnosis: "J18.9" } });
    expect(same.body.error.code).toBe("E_APPEAL_CODING_UNCHANGED");
    expect((await call("GET", `/v1/appeals/${appealId}`, reviewer)).body.state).toBe("under_review");
  });

  it("withdrawn before a decision changes nothing about the claim; after one it is refused", async () => {
    const first = (await file()).body.appealId;
    expect((await call("POST", `/v1/appeals/${first}/withdraw`, hospital, {})).body.state).toBe("withdrawn");
    const claimNow = await platform.db.query("SELECT c.current_version, r.state FROM claim c JOIN claim_row r USING (batch_id, row_no) WHERE c.claim_id = $1", [claim.claimId]);
    expect(claimNow.rows).toEqual([{ current_version: 1, state: "final" }]);
    const second = (await file()).body.appealId;
    await call("POST", `/v1/appeals/${second}/review`, reviewer, {});
    await call("POST", `/v1/appeals/${second}/decide`, reviewer, { decision: "upheld" });
    expect((await call("POST", `/v1/appeals/${second}/withdraw`, hospital, {})).body.error.code).toBe("E_APPEAL_STATE");
  });

  it("a hospital cannot decide, and cannot see another hospital's appeal", async () => {
    const { appealId } = (await file()).body;
    expect((await call("POST", `/v1/appeals/${appealId}/decide`, hospital, { decision: "upheld" })).status).toBe(403);
    expect((await call("GET", `/v1/appeals/${appealId}`, { roles: ["hospital"], hospital: "HOSP-B" })).status).toBe(404);
    expect((await call("GET", "/v1/appeals?hospital=HOSP-B", hospital)).status).toBe(403);
    const listed = (await call("GET", "/v1/appeals", { roles: ["hospital"], hospital: "HOSP-B" })).body.appeals as { hospitalCode: string }[];
    expect(listed.filter((a) => a.hospitalCode !== "HOSP-B")).toEqual([]);
  });

  it("lists a page at a time, newest first, with the cursor of the next page; a malformed cursor is a 400", async () => {
    const own = { roles: ["hospital"], hospital: "HOSP-P", sub: "coder-p" };
    const filed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const seeded = await seedFinalClaim(platform, { hospitalCode: "HOSP-P", claimNumber: `P-${n}-${i}`, n: 1000 + n * 10 + i });
      filed.push((await call("POST", "/v1/appeals", own, { claimId: seeded.claimId, claimVersion: 1, reasonCode: "A_OTHER", reasonText: `page ${i}` })).body.appealId);
    }
    const first = await call("GET", "/v1/appeals?limit=2", own);
    expect(first.status).toBe(200);
    expect(first.body.next).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z\|apl_[a-f0-9]{24}$/);
    const second = await call("GET", `/v1/appeals?limit=2&after=${encodeURIComponent(first.body.next)}`, own);
    expect(second.body.next).toBeNull();
    const seen = [...first.body.appeals, ...second.body.appeals].map((a: { appealId: string }) => a.appealId);
    expect(new Set(seen).size).toBe(3);
    expect([...seen].sort()).toEqual([...filed].sort());
    const created = [...first.body.appeals, ...second.body.appeals].map((a: { createdAt: string; appealId: string }) => `${a.createdAt}|${a.appealId}`);
    expect(created).toEqual([...created].sort().reverse());
    const bad = await call("GET", "/v1/appeals?after=yesterday", own);
    expect(bad).toMatchObject({ status: 400, body: { error: { code: "E_REQUEST", field: "after" } } });
  });

  it("serves its OpenAPI document with every operation", async () => {
    const doc = (await (await app.request("/v1/openapi/appeals.json")).json()) as { paths: Record<string, Record<string, unknown>> };
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/v1/appeals", "/v1/appeals/{appealId}", "/v1/appeals/{appealId}/close", "/v1/appeals/{appealId}/decide",
      "/v1/appeals/{appealId}/evidence", "/v1/appeals/{appealId}/evidence/{evidenceId}", "/v1/appeals/{appealId}/review", "/v1/appeals/{appealId}/withdraw",
    ]);
  });
});
