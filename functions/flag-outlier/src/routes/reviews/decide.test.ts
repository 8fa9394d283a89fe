import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { generateSyntheticClaims } from "@casemix/outliers";
import { createEventProcessor, createLogger, createTestPlatform, type Platform } from "@casemix/runtime";
import { seedPricedChunk, syntheticConfig } from "../../fixtures.ts";
import { createFlagOutlier } from "../../handler.ts";
import { createOutlierApi } from "../api.ts";

let issuer: TestIssuer;
let platform: Platform;
let app: ReturnType<typeof createOutlierApi>;
let flaggedClaim: string;

beforeAll(async () => (issuer = await startTestIssuer()));
afterAll(() => issuer.close());

beforeEach(async () => {
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  // Without a baseline only the trim points judge: the planted long stays are the flagged claims.
  const claims = generateSyntheticClaims({ seed: 9, count: 400, period: "2027-01", plant: { los: 0.05, cost: 0 } }).filter((c) => c.claim.hospitalClass === "state");
  const { event } = await seedPricedChunk(platform.db, platform.store, { batchId: "bat_r1", chunkIndex: 0, firstRow: 1, hospitalCode: "SH-01", claims, chunksTotal: 1 });
  await createEventProcessor({ fn: createFlagOutlier(platform, syntheticConfig()), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) }).process(event);
  const { rows } = await platform.db.query<{ claim_id: string }>("SELECT claim_id FROM outlier_review ORDER BY claim_id LIMIT 1");
  flaggedClaim = rows[0].claim_id;
  app = createOutlierApi({ platform });
});
afterEach(() => platform.db.close());

const call = async (method: string, path: string, roles: string[], body?: unknown, hospital?: string) =>
  app.request(path, {
    method,
    headers: { authorization: `Bearer ${await issuer.token({ sub: "rev-1", roles, hospital })}`, "content-type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe("outlier review API", () => {
  it("lists open reviews with their flags and reasons", async () => {
    const res = await call("GET", "/v1/outlier-reviews?status=open", ["auditor"]);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reviews: { flags: { kind: string; reason: string }[] }[] };
    expect(body.reviews.length).toBeGreaterThan(0);
    expect(body.reviews[0].flags[0]).toMatchObject({ kind: "los-high" });
  });

  it("keeps a hospital token to its own hospital's queue", async () => {
    const res = await call("GET", "/v1/outlier-reviews?hospital=DH-01", ["hospital"], undefined, "SH-01");
    expect(res.status).toBe(403);
  });

  it("refuses a call without a token", async () => {
    expect((await app.request("/v1/outlier-reviews")).status).toBe(401);
  });

  it("accepts a review: the claim becomes final and the decision is audited", async () => {
    const res = await call("POST", `/v1/outlier-reviews/${flaggedClaim}/1/accept`, ["auditor"], {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "accepted", decidedBy: "rev-1" });
    // Its claim row (the batch's result and status count it as final), and only its own.
    const states = await platform.db.query<{ claim_id: string; state: string }>("SELECT claim_id, state FROM claim_row WHERE batch_id = 'bat_r1' AND claim_id = $1", [flaggedClaim]);
    const stillOpen = await platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM claim_row WHERE state = 'under_review'");
    expect(states.rows.find((r) => r.claim_id === flaggedClaim)?.state).toBe("final");
    expect(stillOpen.rows[0].n).toBeGreaterThan(0); // the other flagged claims stay under review
    const audit = await platform.db.query<{ action: string; actor: string }>("SELECT action, actor FROM audit_record WHERE object = $1", [`${flaggedClaim}/v1`]);
    expect(audit.rows).toEqual([{ action: "outlier-reviews.accept", actor: "rev-1" }]);
  });

  it("refuses a rejection without a comment", async () => {
    const res = await call("POST", `/v1/outlier-reviews/${flaggedClaim}/1/reject`, ["auditor"], { comment: " " });
    expect(res.status).toBe(400);
  });

  it("rejects with a comment, and refuses a second decision with 409", async () => {
    const res = await call("POST", `/v1/outlier-reviews/${flaggedClaim}/1/reject`, ["auditor"], { comment: "stay not supported by notes" });
    expect(await res.json()).toMatchObject({ status: "rejected", comment: "stay not supported by notes" });
    const again = await call("POST", `/v1/outlier-reviews/${flaggedClaim}/1/accept`, ["auditor"], {});
    expect(again.status).toBe(409);
  });

  it("answers 400, not 500, to a version beyond the integer column", async () => {
    const res = await call("POST", `/v1/outlier-reviews/${flaggedClaim}/99999999999/accept`, ["auditor"], {});
    expect(res.status).toBe(400);
  });

  it("does not let a finance token decide", async () => {
    expect((await call("POST", `/v1/outlier-reviews/${flaggedClaim}/1/accept`, ["finance"], {})).status).toBe(403);
  });

  it("audits listing the queue", async () => {
    await call("GET", "/v1/outlier-reviews", ["ministry"]);
    const { rows } = await platform.db.query<{ n: string }>("SELECT count(*)::text AS n FROM audit_record WHERE action = 'outlier-reviews.list'");
    expect(rows[0].n).toBe("1");
  });
});
