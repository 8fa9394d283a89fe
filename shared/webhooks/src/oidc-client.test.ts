import { Agent } from "node:https";
import { decodeJwt, decodeProtectedHeader, exportJWK, generateKeyPair, jwtVerify } from "jose";
import { describe, expect, it } from "vitest";
import type { HttpOutcome, HttpRequest } from "./http-transport.ts";
import { createOidcClient } from "./oidc-client.ts";

const agent = new Agent();
const json = (status: number, body: unknown): HttpOutcome => ({ ok: true, durationMs: 1, response: { status, headers: {}, body: JSON.stringify(body) } });

async function setup(answers: ((req: HttpRequest) => HttpOutcome)[], extra: { issuer?: string; tokenEndpoint?: string } = { tokenEndpoint: "https://idp.example/token" }) {
  const { privateKey, publicKey } = await generateKeyPair("ES256");
  const sent: HttpRequest[] = [];
  let clock = 1_764_300_000_000;
  const oidc = createOidcClient({
    clientId: "casemix-notify", privateKey, alg: "ES256", kid: "c1", agent, ...extra,
    now: () => clock, refreshSkewMs: 30_000,
    transport: async (req) => {
      sent.push(req);
      const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
      return answer(req);
    },
  });
  return { oidc, sent, publicKey, advance: (ms: number) => (clock += ms) };
}

const tokenOk = (n: number, expiresIn = 300) => () => json(200, { access_token: `at_${n}`, token_type: "Bearer", expires_in: expiresIn });

describe("createOidcClient", () => {
  it("authenticates with a private_key_jwt assertion: iss = sub = client id, aud = token endpoint, short exp", async () => {
    const s = await setup([tokenOk(1)]);
    await s.oidc.getToken();
    const form = new URLSearchParams(s.sent[0]!.body);
    expect(form.get("grant_type")).toBe("client_credentials");
    expect(form.get("client_assertion_type")).toBe("urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
    const assertion = form.get("client_assertion")!;
    expect(decodeProtectedHeader(assertion)).toMatchObject({ alg: "ES256", kid: "c1" });
    const claims = decodeJwt(assertion);
    expect(claims).toMatchObject({ iss: "casemix-notify", sub: "casemix-notify", aud: "https://idp.example/token" });
    expect(claims.exp! - claims.iat!).toBe(60);
    expect(typeof claims.jti).toBe("string");
    await expect(jwtVerify(assertion, s.publicKey, { currentDate: new Date(1_764_300_000_000) })).resolves.toBeTruthy();
  });

  it("reuses the cached token until shortly before it expires", async () => {
    const s = await setup([tokenOk(1), tokenOk(2)]);
    expect((await s.oidc.getToken()).ok && s.oidc.fetchCount()).toBe(1);
    s.advance(269_000);
    expect(await s.oidc.getToken()).toEqual({ ok: true, value: "at_1" });
    s.advance(2_000);
    expect(await s.oidc.getToken()).toEqual({ ok: true, value: "at_2" });
  });

  it("concurrent callers share one token request", async () => {
    const s = await setup([tokenOk(1)]);
    await Promise.all([s.oidc.getToken(), s.oidc.getToken(), s.oidc.getToken()]);
    expect(s.sent).toHaveLength(1);
  });

  it("invalidating a stale token that is no longer cached does not drop the fresh one", async () => {
    const s = await setup([tokenOk(1), tokenOk(2), tokenOk(3)]);
    await s.oidc.getToken();
    s.oidc.invalidate("at_1");
    await s.oidc.getToken();
    s.oidc.invalidate("at_1");
    expect(await s.oidc.getToken()).toEqual({ ok: true, value: "at_2" });
  });

  it("discovers the token endpoint from the issuer's openid-configuration", async () => {
    const s = await setup(
      [(req) => json(200, { issuer: "https://idp.example", token_endpoint: "https://idp.example/oauth2/token", token_endpoint_auth_methods_supported: ["private_key_jwt"] }), tokenOk(1)],
      { issuer: "https://idp.example/" },
    );
    await s.oidc.getToken();
    expect(s.sent.map((r) => `${r.method} ${r.url}`)).toEqual(["GET https://idp.example/.well-known/openid-configuration", "POST https://idp.example/oauth2/token"]);
    expect(decodeJwt(new URLSearchParams(s.sent[1]!.body).get("client_assertion")!).aud).toBe("https://idp.example/oauth2/token");
  });

  it("an invalid_client answer is a non-retryable E_OIDC_TOKEN", async () => {
    const s = await setup([() => json(401, { error: "invalid_client" })]);
    const got = await s.oidc.getToken();
    expect(got.ok ? null : [got.error.code, got.error.retryable, got.error.message]).toEqual(["E_OIDC_TOKEN", false, "token endpoint refused: invalid_client"]);
  });
});
