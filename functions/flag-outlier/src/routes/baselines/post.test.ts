import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { generateSyntheticClaims } from "@casemix/outliers";
import { createEventProcessor, createLogger, createTestPlatform, type Platform } from "@casemix/runtime";
import { seedPricedChunk, syntheticConfig } from "../../fixtures.ts";
import { createFlagOutlier } from "../../handler.ts";
import { createOutlierApi } from "../api.ts";

let issuer: TestIssuer;
let platform: Platform;
beforeAll(async () => (issuer = await startTestIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => {
  platform = await createTestPlatform({
    verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }),
    now: () => new Date("2027-03-10T00:00:00Z"),
  });
  const claims = generateSyntheticClaims({ seed: 2, count: 3000, period: "2027-01" }).filter((c) => c.claim.hospitalClass === "state");
  const { event } = await seedPricedChunk(platform.db, platform.store, { batchId: "bat_b1", chunkIndex: 0, firstRow: 1, hospitalCode: "SH-01", claims, chunksTotal: 1 });
  await createEventProcessor({ fn: createFlagOutlier(platform, syntheticConfig()), db: platform.db, deps: {}, log: createLogger({ level: "silent" }) }).process(event);
  await platform.db.query("INSERT INTO period (period, status, closed_at) VALUES ('2027-01', 'closed', now()), ('2027-02', 'closing', null)");
});
afterEach(() => platform.db.close());

const post = async (body: unknown, roles = ["admin"]) =>
  createOutlierApi({ platform }).request("/v1/outlier-baselines", {
    method: "POST",
    headers: { authorization: `Bearer ${await issuer.token({ roles })}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });

describe("POST /v1/outlier-baselines", () => {
  it("freezes a baseline from the decision log of a closed period", async () => {
    const res = await post({ version: 1, seed: 5, periods: ["2027-01"] });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { id: string; claims: number };
    expect(body.id).toMatch(/^obl_v1_/);
    expect(body.claims).toBeGreaterThan(900);
  });

  it("refuses a period that is not closed", async () => {
    expect((await post({ version: 1, seed: 5, periods: ["2027-02"] })).status).toBe(400);
    expect((await post({ version: 1, seed: 5, periods: ["2027-01", "2027-03"] })).status).toBe(400);
  });

  it("refuses a version that exists: versions are immutable", async () => {
    await post({ version: 1, seed: 5, periods: ["2027-01"] });
    expect((await post({ version: 1, seed: 6, periods: ["2027-01"] })).status).toBe(409);
  });

  it("answers 400, not 500, to a version beyond the integer column", async () => {
    expect((await post({ version: 2 ** 31, seed: 5, periods: ["2027-01"] })).status).toBe(400);
  });

  it("is for admins only", async () => {
    expect((await post({ version: 1, seed: 5, periods: ["2027-01"] }, ["auditor"])).status).toBe(403);
  });
});
