import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type Platform } from "@casemix/runtime";
import { createOutlierApi } from "../api.ts";

let issuer: TestIssuer;
let platform: Platform;
let app: ReturnType<typeof createOutlierApi>;

beforeAll(async () => (issuer = await startTestIssuer()));
afterAll(() => issuer.close());

beforeEach(async () => {
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  // Two hospitals' open reviews: what one hospital may never see of the other.
  for (const [claim, hospital] of [["clm_a1", "SH-01"], ["clm_b1", "DH-01"]]) {
    await platform.db.query(
      "INSERT INTO outlier_review (claim_id, version, hospital_code, period, batch_id, row_no, flags) VALUES ($1, 1, $2, '2027-01', 'bat_x', 1, '[]'::jsonb)",
      [claim, hospital],
    );
  }
  app = createOutlierApi({ platform });
});
afterEach(() => platform.db.close());

const list = async (query: string, roles: string[], hospital?: string) =>
  app.request(`/v1/outlier-reviews${query}`, { headers: { authorization: `Bearer ${await issuer.token({ roles, hospital })}` } });

describe("listing outlier reviews", () => {
  it("refuses a hospital token without a hospital claim instead of listing every hospital's reviews", async () => {
    const res = await list("", ["hospital"]);
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("E_AUTH_HOSPITAL_CLAIM");
  });

  it("gives a hospital token its own hospital's reviews only", async () => {
    const res = await list("", ["hospital"], "SH-01");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { reviews: { hospitalCode: string }[] };
    expect(body.reviews.map((r) => r.hospitalCode)).toEqual(["SH-01"]);
  });

  it("gives an auditor every hospital's reviews", async () => {
    const res = await list("", ["auditor"]);
    expect(((await res.json()) as { reviews: unknown[] }).reviews).toHaveLength(2);
  });

  it.each([
    ["a cursor that is not one", "?after=garbage"],
    ["a cursor with an impossible time", "?after=2027-13-45T99:00:00.000Z|clm_a1"],
    ["a limit that is not a number", "?limit=ten"],
    ["a limit out of range", "?limit=0"],
    ["an unknown status", "?status=maybe"],
    ["a period that is not YYYY-MM", "?period=2027-1"],
    ["a hospital code of the wrong form", "?hospital=sh%2001"],
  ])("answers 400, not 500, to %s", async (_name, query) => {
    const res = await list(query, ["auditor"]);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("E_REQUEST");
  });

  it("follows its own cursor to the next page", async () => {
    const first = (await (await list("?limit=1", ["auditor"])).json()) as { reviews: { claimId: string }[]; next: string };
    const second = (await (await list(`?limit=1&after=${encodeURIComponent(first.next)}`, ["auditor"])).json()) as { reviews: { claimId: string }[] };
    expect([...first.reviews, ...second.reviews].map((r) => r.claimId).sort()).toEqual(["clm_a1", "clm_b1"]);
  });
});
