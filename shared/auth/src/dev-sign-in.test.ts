import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier } from "./verifier.ts";
import { startTestIssuer, type TestIssuer } from "./test-issuer.ts";

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await startTestIssuer();
});
afterAll(async () => issuer.close());

const verifier = "v".repeat(50);
const challenge = createHash("sha256").update(verifier).digest("base64url");
const REDIRECT = "http://127.0.0.1:9999/app/callback";
const authorize = (over: Record<string, string> = {}) =>
  new URLSearchParams({ response_type: "code", client_id: "casemix-web", redirect_uri: REDIRECT, state: "st", code_challenge: challenge, code_challenge_method: "S256", nonce: "n1", ...over });

async function codeFor(user: string): Promise<string> {
  const res = await fetch(`${issuer.issuer}/authorize`, { method: "POST", body: authorize({ user }), redirect: "manual" });
  expect(res.status).toBe(302);
  const back = new URL(res.headers.get("location")!);
  expect(back.searchParams.get("state")).toBe("st");
  return back.searchParams.get("code")!;
}
const exchange = (code: string, codeVerifier = verifier) =>
  fetch(`${issuer.issuer}/token`, { method: "POST", body: new URLSearchParams({ grant_type: "authorization_code", code, redirect_uri: REDIRECT, client_id: "casemix-web", code_verifier: codeVerifier }) });

describe("the development issuer's sign-in (authorization code + PKCE)", () => {
  it("discovery names the authorization and token endpoints and S256", async () => {
    const doc = (await (await fetch(`${issuer.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(doc).toMatchObject({ authorization_endpoint: `${issuer.issuer}/authorize`, token_endpoint: `${issuer.issuer}/token`, code_challenge_methods_supported: ["S256"] });
  });

  it("a chosen user's code gives an access token with that user's roles and hospital, which the APIs accept", async () => {
    const res = await exchange(await codeFor("coder"));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; id_token: string };
    const who = await createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl })(body.access_token);
    expect(who).toEqual({ subject: "coder", roles: ["hospital-coder"], hospital: "H10-DEC915" });
  });

  it("refuses a code with the wrong PKCE verifier, and a code used twice", async () => {
    const code = await codeFor("reviewer");
    expect((await exchange(code, "w".repeat(50))).status).toBe(400);
    expect((await exchange(code)).status).toBe(400);
  });

  it("refuses a redirect off loopback and a request without PKCE", async () => {
    expect((await fetch(`${issuer.issuer}/authorize?${authorize({ redirect_uri: "https://evil.example/cb" })}`)).status).toBe(400);
    expect((await fetch(`${issuer.issuer}/authorize?${authorize({ code_challenge_method: "plain" })}`)).status).toBe(400);
    const page = await fetch(`${issuer.issuer}/authorize?${authorize()}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("MOH reviewer");
  });
});
