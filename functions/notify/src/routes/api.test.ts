import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTokenVerifier, startTestIssuer, type TestIssuer } from "@casemix/auth";
import { createTestPlatform, type TestPlatform } from "@casemix/runtime";
import { createSqlDeadLetterStore, createWebhookVerifier, generateEd25519Secret, generateHmacSecret, OUTCOME_EVENT_TYPES, type TargetResolver } from "@casemix/webhooks";
import { Agent } from "node:https";
import type { FunctionInstance } from "@casemix/runtime";
import { loadNotifyEnv } from "../env.ts";
import { createNotifyModule } from "../function.ts";
import { JWKS_PATH } from "./api.ts";

let issuer: TestIssuer;
let platform: TestPlatform;
let instance: FunctionInstance;
const ed = generateEd25519Secret();
const targets: TargetResolver = { resolve: () => ({ ok: true, value: { agent: new Agent() } }), close() {} };

beforeAll(async () => void (issuer = await startTestIssuer()));
afterAll(() => issuer.close());
beforeEach(async () => {
  platform = await createTestPlatform({ verifier: createTokenVerifier({ issuer: issuer.issuer, audience: issuer.audience, jwksUrl: issuer.jwksUrl }) });
  instance = await createNotifyModule({
    env: loadNotifyEnv({}), targets, sweepIntervalMs: 60_000,
    signingKeys: [{ id: "key_hmac", secret: generateHmacSecret(), status: "active" }, { id: "key_ed", secret: ed.secret, status: "active" }],
  }).create(platform);
});
afterEach(async () => {
  await instance.close?.();
  await platform.db.close();
});

const hospital = (code: string) => issuer.token({ roles: ["hospital"], hospital: code });
const admin = () => issuer.token({ roles: ["admin"] });
async function call(method: string, path: string, token?: string, body?: unknown) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await instance.routes!.request(path, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: res.status, body: res.status === 204 ? null : await res.json() };
}
const hospitalSub = (code: string) => ({
  target: "hospital", hospitalCode: code, url: `https://${code.toLowerCase()}.example/hooks`, eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted], signingKeyIds: ["key_ed"],
});
const mygdxSub = { target: "mygdx", url: "https://mygdx.example/hooks", eventTypes: [OUTCOME_EVENT_TYPES.periodPriced], auth: { kind: "oidc-mtls", credentialsId: "mygdx" }, signingKeyIds: ["key_hmac"] };

describe("webhooks REST API", () => {
  it("refuses a call without a token", async () => {
    expect((await call("GET", "/v1/webhooks/subscriptions")).status).toBe(401);
  });

  it("a hospital creates, lists, gets and deletes its own subscription", async () => {
    const token = await hospital("H001");
    const created = await call("POST", "/v1/webhooks/subscriptions", token, hospitalSub("H001"));
    expect(created).toMatchObject({ status: 201, body: { hospitalCode: "H001", status: "active", auth: { kind: "none" } } });
    const id = (created.body as { id: string }).id;
    expect((await call("GET", "/v1/webhooks/subscriptions", token)).body).toMatchObject({ items: [{ id }] });
    expect((await call("GET", `/v1/webhooks/subscriptions/${id}`, token)).status).toBe(200);
    expect((await call("DELETE", `/v1/webhooks/subscriptions/${id}`, token)).status).toBe(204);
    expect((await call("GET", `/v1/webhooks/subscriptions/${id}`, token)).status).toBe(404);
  });

  it("a hospital cannot subscribe for another hospital or MyGDX, nor see another's subscription", async () => {
    const h1 = await hospital("H001");
    expect((await call("POST", "/v1/webhooks/subscriptions", h1, hospitalSub("H002"))).status).toBe(403);
    expect((await call("POST", "/v1/webhooks/subscriptions", h1, mygdxSub)).status).toBe(403);
    const other = await call("POST", "/v1/webhooks/subscriptions", await hospital("H002"), hospitalSub("H002"));
    const id = (other.body as { id: string }).id;
    expect((await call("GET", `/v1/webhooks/subscriptions/${id}`, h1)).status).toBe(404);
    expect((await call("DELETE", `/v1/webhooks/subscriptions/${id}`, h1)).status).toBe(404);
    expect((await call("GET", "/v1/webhooks/subscriptions", h1)).body).toEqual({ items: [] });
  });

  it("an admin manages MyGDX's subscription and sees every hospital's", async () => {
    const token = await admin();
    expect((await call("POST", "/v1/webhooks/subscriptions", token, mygdxSub))).toMatchObject({ status: 201, body: { target: "mygdx", hospitalCode: null } });
    await call("POST", "/v1/webhooks/subscriptions", await hospital("H001"), hospitalSub("H001"));
    expect(((await call("GET", "/v1/webhooks/subscriptions", token)).body as { items: unknown[] }).items).toHaveLength(2);
  });

  it("refuses an unknown signing key, unconfigured credentials and a plain-http URL, naming the field", async () => {
    const token = await admin();
    const unknownKey = await call("POST", "/v1/webhooks/subscriptions", token, { ...mygdxSub, signingKeyIds: ["key_nope"] });
    expect(unknownKey).toMatchObject({ status: 400, body: { error: { code: "E_SUBSCRIPTION_INVALID", message: expect.stringContaining("signingKeyIds") } } });
    const creds = await call("POST", "/v1/webhooks/subscriptions", token, { ...mygdxSub, auth: { kind: "oidc-mtls", credentialsId: "other" } });
    expect(creds).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining("auth.credentialsId") } } });
    const http = await call("POST", "/v1/webhooks/subscriptions", token, { ...hospitalSub("H001"), url: "http://h001.example/hooks" });
    expect(http).toMatchObject({ status: 400, body: { error: { code: "E_SUBSCRIPTION_INVALID", message: expect.stringContaining("url") } } });
  });

  it("a hospital rotates its signing keys with PATCH, and re-enables a subscription its target disabled", async () => {
    const token = await hospital("H001");
    const { hospitalCode: _own, ...withoutCode } = hospitalSub("H001");
    const created = await call("POST", "/v1/webhooks/subscriptions", token, withoutCode);
    expect(created).toMatchObject({ status: 201, body: { hospitalCode: "H001" } });
    const id = (created.body as { id: string }).id;
    expect(await call("PATCH", `/v1/webhooks/subscriptions/${id}`, token, { signingKeyIds: ["key_ed", "key_hmac"] })).toMatchObject({ status: 200, body: { signingKeyIds: ["key_ed", "key_hmac"] } });
    expect((await call("PATCH", `/v1/webhooks/subscriptions/${id}`, token, { signingKeyIds: ["key_gone"] })).status).toBe(400);
    await platform.db.query("UPDATE webhook_subscriptions SET status = 'disabled', disabled_reason = '410' WHERE id = $1", [id]);
    expect((await call("POST", `/v1/webhooks/subscriptions/${id}/enable`, await hospital("H002"))).status).toBe(404);
    expect(await call("POST", `/v1/webhooks/subscriptions/${id}/enable`, token)).toMatchObject({ status: 200, body: { status: "active", disabledReason: null } });
  });

  it("serves the Ed25519 public keys at the well-known path without a token, and they verify a v1a signature", async () => {
    const res = await instance.routes!.request(JWKS_PATH);
    expect(res.status).toBe(200);
    const jwks = await res.json();
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toEqual(["key_ed"]);
    const { signWebhook, parseSecret } = await import("@casemix/webhooks");
    const material = parseSecret(ed.secret);
    if (!material.ok) throw new Error("bad key");
    const headers = signWebhook({ webhookId: "msg_x", timestamp: Math.floor(Date.now() / 1000), body: "{}", keys: [{ id: "key_ed", material: material.value }] });
    expect(createWebhookVerifier({ jwks })(headers, "{}").ok).toBe(true);
  });

  it("lists dead letters by caller and queues a replay; another hospital's is not found", async () => {
    const letter = {
      webhookId: "msg_" + "a".repeat(32), subscriptionId: "sub_1", eventId: "evt_1", eventType: OUTCOME_EVENT_TYPES.batchCompleted, hospitalCode: "H001",
      body: "{}", reason: "exhausted" as const, attempts: 8, lastHttpStatus: 500, lastErrorCode: "HTTP_500", deadAt: new Date().toISOString(), status: "dead" as const, replayedAt: null,
    };
    await platform.db.query(
      "INSERT INTO webhook_deliveries (webhook_id, subscription_id, event_id, event_type, hospital_code, body, status, attempts, budget_used) VALUES ($1, 'sub_1', 'evt_1', $2, 'H001', '{}', 'dead', 8, 8)",
      [letter.webhookId, letter.eventType],
    );
    await createSqlDeadLetterStore(platform.db).put(letter);
    expect(((await call("GET", "/v1/webhooks/dead-letters", await admin())).body as { items: unknown[] }).items).toHaveLength(1);
    expect((await call("GET", "/v1/webhooks/dead-letters", await hospital("H002"))).body).toEqual({ items: [] });
    expect((await call("POST", `/v1/webhooks/dead-letters/${letter.webhookId}/replay`, await hospital("H002"))).status).toBe(404);
    expect(await call("POST", `/v1/webhooks/dead-letters/${letter.webhookId}/replay`, await hospital("H001"))).toEqual({ status: 202, body: { webhookId: letter.webhookId, status: "queued" } });
    expect((await call("POST", `/v1/webhooks/dead-letters/${letter.webhookId}/replay`, await admin())).status).toBe(409);
    // Back in the queue as a replay with a fresh budget (the sweeper then cancels it: sub_1 does not exist).
    const { rows } = await platform.db.query<{ replay: boolean; budget_used: number }>("SELECT replay, budget_used FROM webhook_deliveries");
    expect(rows).toEqual([{ replay: true, budget_used: 0 }]);
  });

  it("publishes an OpenAPI document of the operations", async () => {
    const doc = await (await instance.routes!.request("/v1/openapi/webhooks.json")).json();
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/v1/webhooks/dead-letters", "/v1/webhooks/dead-letters/{webhookId}/replay", "/v1/webhooks/keys", "/v1/webhooks/keys/{id}/activate",
      "/v1/webhooks/keys/{id}/retire", "/v1/webhooks/keys/{id}/revoke", "/v1/webhooks/subscriptions", "/v1/webhooks/subscriptions/{id}",
      "/v1/webhooks/subscriptions/{id}/enable",
    ]);
  });

  it("an admin adds, activates, retires with an overlap and revokes a signing key; a hospital token may not", async () => {
    const token = await admin();
    expect((await call("POST", "/v1/webhooks/keys", await hospital("H001"), { id: "key_x" })).status).toBe(403);
    const added = await call("POST", "/v1/webhooks/keys", token, { id: "key_2027", kind: "ed25519" });
    expect(added).toMatchObject({ status: 201, body: { id: "key_2027", status: "pending", publicKey: expect.stringMatching(/^whpk_/) } });
    expect((await call("POST", "/v1/webhooks/keys", token, { id: "key_2027" })).status).toBe(409);
    expect((await call("POST", "/v1/webhooks/subscriptions", await hospital("H001"), { ...hospitalSub("H001"), signingKeyIds: ["key_2027"] })).status).toBe(400);
    expect((await call("POST", "/v1/webhooks/keys/key_2027/retire", token)).status).toBe(409);
    expect((await call("POST", "/v1/webhooks/keys/key_2027/activate", token)).body).toMatchObject({ status: "active" });
    expect(((await call("GET", JWKS_PATH)).body as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toContain("key_2027");
    expect((await call("POST", "/v1/webhooks/keys/key_2027/retire", token, { overlapSeconds: 3600 })).body).toMatchObject({ status: "retiring", overlapUntil: expect.any(String) });
    expect(((await call("GET", JWKS_PATH)).body as { keys: { kid: string }[] }).keys.map((k) => k.kid)).toContain("key_2027");
    expect((await call("POST", "/v1/webhooks/keys/key_2027/revoke", token)).body).toMatchObject({ status: "revoked" });
    expect(((await call("GET", JWKS_PATH)).body as { keys: { kid: string }[] }).keys.map((k) => k.kid)).not.toContain("key_2027");
    expect((await call("POST", "/v1/webhooks/keys/nope/activate", token)).status).toBe(404);
    const hmac = await call("POST", "/v1/webhooks/keys", token, { id: "key_h", kind: "hmac" });
    expect(hmac.body).toMatchObject({ secret: expect.stringMatching(/^whsec_/) });
    expect(JSON.stringify((await call("GET", "/v1/webhooks/keys", token)).body)).not.toContain((hmac.body as { secret: string }).secret);
  });
});
