import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier } from "./verifier.ts";
import { startTestIssuer, type TestIssuer } from "./test-issuer.ts";

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(() => issuer.close());

const refusal = (promise: Promise<unknown>) => promise.then(() => "accepted", (error: { code?: string }) => error.code);

describe("token verification", () => {
  it("finds the issuer's keys through its discovery document when no JWKS URL is given", async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, fetch: spy });
    expect(await verify(await issuer.token({ sub: "u1", roles: ["admin"] }))).toEqual({ subject: "u1", roles: ["admin"] });
    expect(seen).toEqual([`${issuer.issuer}/.well-known/openid-configuration`]);
  });

  it("refuses every token with E_OIDC_DISCOVERY when the discovery document names another issuer, and tries again at the next token", async () => {
    let calls = 0;
    let lying = true;
    const served: typeof fetch = async () => {
      calls++;
      const doc = { issuer: lying ? "https://elsewhere.example" : issuer.issuer, jwks_uri: issuer.jwksUrl };
      return new Response(JSON.stringify(doc), { status: 200, headers: { "content-type": "application/json" } });
    };
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, fetch: served });
    const token = await issuer.token({ roles: ["admin"] });
    expect(await refusal(verify(token))).toBe("E_OIDC_DISCOVERY");
    lying = false;
    expect(await refusal(verify(token))).toBe("accepted");
    await verify(token);
    expect(calls).toBe(2);
  });

  it("refuses with E_OIDC_DISCOVERY when the issuer serves no discovery document", async () => {
    const notFound: typeof fetch = async () => new Response("no", { status: 404 });
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, fetch: notFound });
    expect(await refusal(verify(await issuer.token({ roles: ["admin"] })))).toBe("E_OIDC_DISCOVERY");
  });

  it("reads roles and hospital at configured dotted claim paths, as Keycloak nests them", async () => {
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl, rolesClaim: "realm_access.roles", hospitalClaim: "org.hospital" });
    const token = await issuer.token({ sub: "kc-user", extra: { realm_access: { roles: ["hospital-coder", "offline_access"] }, org: { hospital: "HOSP-A" } } });
    expect(await verify(token)).toEqual({ subject: "kc-user", roles: ["hospital-coder", "offline_access"], hospital: "HOSP-A" });
  });

  it("a claim path that is absent, or crosses a value that is not an object, yields no roles and no hospital", async () => {
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl, rolesClaim: "realm_access.roles", hospitalClaim: "hospital.code" });
    const token = await issuer.token({ sub: "kc-user", hospital: "HOSP-A", extra: { realm_access: "admin" } });
    expect(await verify(token)).toEqual({ subject: "kc-user", roles: [] });
  });

  it("refuses a token issued in the future beyond the clock skew, and accepts one within it", async () => {
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl, clockToleranceSeconds: 30 });
    expect(await refusal(verify(await issuer.token({ roles: ["admin"], issuedAt: 120 })))).toBe("ERR_JWT_IAT_FUTURE");
    expect(await refusal(verify(await issuer.token({ roles: ["admin"], issuedAt: 20 })))).toBe("accepted");
  });

  it("still refuses an expired token and one for another audience", async () => {
    const verify = createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl });
    expect(await refusal(verify(await issuer.token({ expiresIn: -120 })))).toBe("ERR_JWT_EXPIRED");
    expect(await refusal(verify(await issuer.token({ aud: "account" })))).toBe("ERR_JWT_CLAIM_VALIDATION_FAILED");
  });
});
