import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { authorize, mayActFor } from "./authorize.ts";
import type { AuthVariables } from "./middleware.ts";
import { compilePolicy } from "./policy.ts";
import { startTestIssuer, type TestIssuer } from "./test-issuer.ts";
import { createTokenVerifier } from "./verifier.ts";

const policy = compilePolicy({
  roles: [{ role: "hospital", summary: "" }, { role: "ministry", summary: "" }],
  actions: [
    { action: "batches.read", summary: "read a batch", route: { method: "GET", path: "/v1/batches/:batchId" } },
    { action: "probe.health", summary: "", route: { method: "GET", path: "/healthz" }, public: true },
  ],
  grants: [{ action: "batches.read", role: "hospital", tenancy: "own" }, { action: "batches.read", role: "ministry", tenancy: "system" }],
});

let issuer: TestIssuer;
let app: Hono<{ Variables: AuthVariables }>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const guard = authorize(createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }), policy);
  app = new Hono<{ Variables: AuthVariables }>();
  app.use("*", guard);
  app.get("/v1/batches/:batchId", (c) => c.json({ mine: mayActFor(c.get("principal"), "batches.read", "H1", policy) }));
  app.get("/v1/batches/:batchId/secret", (c) => c.text("not in the policy"));
  app.get("/healthz", (c) => c.text("ok"));
});
afterAll(() => issuer.close());

const get = async (path: string, claims?: { roles: string[]; hospital?: string }) =>
  app.request(path, { headers: claims ? { authorization: `Bearer ${await issuer.token(claims)}` } : {} });
const codeOf = async (res: Response) => ((await res.json()) as { error: { code: string } }).error.code;

describe("authorize: the policy at the edge of the routes", () => {
  it("lets a granted token through with its principal", async () => {
    const res = await get("/v1/batches/bat_1", { roles: ["hospital"], hospital: "H1" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ mine: true });
  });

  it("answers 401 without a token", async () => {
    expect((await get("/v1/batches/bat_1")).status).toBe(401);
  });

  it("refuses a hospital token without a hospital claim with 403 E_AUTH_HOSPITAL_CLAIM", async () => {
    const res = await get("/v1/batches/bat_1", { roles: ["hospital"] });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe("E_AUTH_HOSPITAL_CLAIM");
  });

  it("refuses a role with no grant with 403 E_AUTH_ROLE", async () => {
    const res = await get("/v1/batches/bat_1", { roles: ["auditor"] });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe("E_AUTH_ROLE");
  });

  it("refuses an operation missing from the policy even to a role granted everything else", async () => {
    const res = await get("/v1/batches/bat_1/secret", { roles: ["ministry"] });
    expect(res.status).toBe(403);
    expect(await codeOf(res)).toBe("E_AUTH_UNKNOWN_ACTION");
  });

  it("serves a public operation without a token", async () => {
    expect((await get("/healthz")).status).toBe(200);
  });
});
