import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Hono } from "hono";
import { requireAuth, type AuthVariables } from "./middleware.ts";
import { createTokenVerifier } from "./verifier.ts";
import { startTestIssuer, type TestIssuer } from "./test-issuer.ts";

let issuer: TestIssuer;
let app: Hono<{ Variables: AuthVariables }>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
  app = new Hono<{ Variables: AuthVariables }>();
  app.get("/me", requireAuth(verify), (c) => c.json(c.get("principal")));
  app.get("/admin", requireAuth(verify, ["admin"]), (c) => c.text("ok"));
});
afterAll(() => issuer.close());

const get = (path: string, token?: string) =>
  app.request(path, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe("bearer token authentication", () => {
  it("a valid token yields the subject, roles and hospital from its claims", async () => {
    const res = await get("/me", await issuer.token({ sub: "coder-7", roles: ["hospital"], hospital: "H001" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ subject: "coder-7", roles: ["hospital"], hospital: "H001" });
  });

  it("a request without a token gets 401 E_AUTH_MISSING", async () => {
    const res = await get("/me");
    expect(res.status).toBe(401);
    expect((await res.json()).error.code).toBe("E_AUTH_MISSING");
  });

  it("an expired token is rejected, saying when it expired and to get a new one", async () => {
    const res = await get("/me", await issuer.token({ expiresIn: -120 }));
    expect(res.status).toBe(401);
    const { error } = await res.json();
    expect(error.reason).toBe("ERR_JWT_EXPIRED");
    expect(error.message).toMatch(/it expired at \d{4}-\d\d-\d\dT/);
    expect(error.message).toContain("get a new token");
  });

  it("a token signed by an earlier start's key is rejected, saying why and what to do", async () => {
    const earlier = await startTestIssuer();
    try {
      const res = await get("/me", await earlier.token({ iss: issuer.issuer }));
      expect(res.status).toBe(401);
      const { error } = await res.json();
      expect(error.message).toContain(`not signed by a current key of ${issuer.issuer}`);
      expect(error.message).toContain("earlier `casemix start`");
      expect(error.message).toContain("use a token it printed at this start");
    } finally {
      await earlier.close();
    }
  });

  it("a token for another audience is rejected naming the audience expected", async () => {
    const { error } = await (await get("/me", await issuer.token({ aud: "someone-else" }))).json();
    expect(error.message).toContain(`expected audience ${issuer.audience}`);
  });

  it("a token for another audience is rejected", async () => {
    const res = await get("/me", await issuer.token({ aud: "someone-else" }));
    expect(res.status).toBe(401);
  });

  it("a token from another issuer is rejected", async () => {
    const res = await get("/me", await issuer.token({ iss: "https://evil.example" }));
    expect(res.status).toBe(401);
  });

  it("a valid token without the required role gets 403", async () => {
    const res = await get("/admin", await issuer.token({ roles: ["hospital"], hospital: "H001" }));
    expect(res.status).toBe(403);
  });

});
