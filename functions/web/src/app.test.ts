import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import type { ApiClient } from "./api.ts";
import { createWebApp } from "./app.ts";
import { loadWebEnv } from "./env.ts";
import { createOidcClient } from "./oidc.ts";
import { createSealer } from "./session.ts";

let issuer: TestIssuer;
const calls: { fn: string; path: string; token: string; method?: string }[] = [];
/** The other functions' APIs as the pages see them: answers by path, every call recorded. */
const api: ApiClient = {
  async json(fn, path, token, init = {}) {
    calls.push({ fn, path, token, method: init.method });
    if (path.startsWith("/v1/batches?")) return { status: 200, ok: true, body: { batches: [{ batchId: "bat_one", hospitalCode: "H10-DEC915", fileName: "a.csv", status: "completed", rowsReceived: 4, createdAt: "2026-12-07T01:00:00.000Z" }], next: "2026-12-07T01:00:00.000Z|bat_one" } as never };
    if (path === "/v1/claims/clm_x") return { status: 404, ok: false, body: undefined as never, error: { code: "E_CLAIM_NOT_FOUND", message: "no claim" } };
    return { status: 401, ok: false, body: undefined as never, error: { code: "E_AUTH", message: "expired" } };
  },
  raw: async () => new Response("x"),
};
let app: ReturnType<typeof createWebApp>;

beforeAll(async () => {
  issuer = await startTestIssuer();
  const env = loadWebEnv({ OIDC_ISSUER: issuer.issuer, WEB_SESSION_SECRET: "s".repeat(40) });
  const oidc = createOidcClient(issuer.issuer, env.WEB_OIDC_CLIENT_ID, env.WEB_OIDC_SCOPE);
  app = createWebApp({ env, api, sealer: createSealer(env.WEB_SESSION_SECRET), oidc: () => oidc }, createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }));
});
afterAll(async () => issuer.close());

const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");

/** Signs in through the development issuer as a browser would: sign-in, issuer form, callback. */
async function signIn(user: string): Promise<string> {
  const start = await app.request("http://127.0.0.1:8080/app/sign-in?returnTo=/app/batches");
  expect(start.status).toBe(303);
  const authorize = new URL(start.headers.get("location")!);
  expect(authorize.origin).toBe(issuer.issuer);
  expect(authorize.searchParams.get("code_challenge_method")).toBe("S256");
  const form = new URLSearchParams([...authorize.searchParams, ["user", user]]);
  const chosen = await fetch(`${issuer.issuer}/authorize`, { method: "POST", body: form, redirect: "manual" });
  const callback = await app.request(chosen.headers.get("location")!, { headers: { cookie: cookiesOf(start) } });
  expect(callback.status).toBe(303);
  expect(callback.headers.get("location")).toBe("/app/batches");
  return cookiesOf(callback).split("; ").filter((c) => c.startsWith("casemix_session=")).join("; ");
}

describe("the web application", () => {
  it("sends a browser without a session to sign in, keeping where it was going", async () => {
    const res = await app.request("/app/batches?after=x");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/app/sign-in?returnTo=%2Fapp%2Fbatches");
  });

  it("signs in with authorization code + PKCE and calls the APIs with the person's own token", async () => {
    const cookie = await signIn("coder");
    const res = await app.request("/app/batches", { headers: { cookie } });
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("bat_one");
    expect(page).toContain("Hospital coder (H10-DEC915)");
    expect(page).toContain('rel="next"');
    const who = await createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl })(calls.at(-1)!.token);
    expect(who.subject).toBe("coder");
  });

  it("shows the pages in Bahasa Malaysia once chosen", async () => {
    const cookie = await signIn("coder");
    const res = await app.request("/app/batches", { headers: { cookie: `${cookie}; casemix_lang=ms` } });
    const page = await res.text();
    expect(page).toContain('<html lang="ms">');
    expect(page).toContain("Hantar fail tuntutan");
  });

  it("refuses a form without the session's CSRF token", async () => {
    const cookie = await signIn("reviewer");
    const res = await app.request("/app/reviews/clm_x/1", { method: "POST", body: new URLSearchParams({ decision: "accept" }), headers: { cookie, "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(403);
    expect(calls.some((c) => c.path.includes("/accept"))).toBe(false);
  });

  it("answers an API's 404 with a not-found page and an expired token by signing in again", async () => {
    const cookie = await signIn("coder");
    expect((await app.request("/app/claims/clm_x", { headers: { cookie } })).status).toBe(404);
    const expired = await app.request("/app/reviews", { headers: { cookie } });
    expect(expired.status).toBe(303);
    expect(expired.headers.get("location")).toBe("/app/sign-in?returnTo=%2Fapp%2Freviews");
  });

  it("a tampered session cookie is no session", async () => {
    const cookie = await signIn("coder");
    const res = await app.request("/app/batches", { headers: { cookie: cookie.slice(0, -3) + "AAA" } });
    expect(res.status).toBe(303);
  });

  it("leaves every path outside /app to the other functions (one app in the embedded mesh)", async () => {
    expect((await app.request("/readyz")).status).toBe(404);
    expect((await app.request("/v1/batches")).status).toBe(404);
  });

  it("serves htmx and its style sheet itself (no CDN)", async () => {
    const js = await app.request("/app/assets/htmx.min.js");
    expect(js.status).toBe(200);
    expect(await js.text()).toContain("htmx");
    expect((await app.request("/app/assets/app.css")).status).toBe(200);
    expect((await app.request("/app/assets/other.js")).status).toBe(404);
  });
});
