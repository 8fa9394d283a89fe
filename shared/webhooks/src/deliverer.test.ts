import { Agent } from "node:https";
import { describe, expect, it } from "vitest";
import { webhookDeliveries } from "@casemix/telemetry";
import { createDeliverer } from "./deliverer.ts";
import { OUTCOME_EVENT_TYPES } from "./event-types.ts";
import type { HttpOutcome, HttpRequest, HttpTransport } from "./http-transport.ts";
import { createMemoryKeyring } from "./keyring.ts";
import { generateHmacSecret } from "./keys.ts";
import { createMemoryAttemptLog, createMemoryDeadLetterStore, createMemorySubscriptionStore } from "./memory-stores.ts";
import type { OidcClient } from "./oidc-client.ts";
import type { Delivery, SubscriptionInput } from "./ports.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import type { TargetResolver } from "./targets.ts";

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 10_000, attemptTimeoutMs: 1000 };
const agent = new Agent();
const http = (status: number, headers: Record<string, string> = {}): HttpOutcome => ({ ok: true, durationMs: 1, response: { status, headers, body: "" } });

/** A transport that answers from a script and remembers what it was sent. */
function scripted(...answers: HttpOutcome[]): HttpTransport & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const fn = async (req: HttpRequest) => {
    sent.push(req);
    return answers.length > 1 ? answers.shift()! : answers[0]!;
  };
  return Object.assign(fn, { sent });
}

function fakeOidc(): OidcClient & { tokens: string[] } {
  let n = 0;
  let current: string | undefined;
  const tokens: string[] = [];
  return {
    tokens,
    async getToken() {
      if (!current) tokens.push((current = `tok_${++n}`));
      return { ok: true, value: current };
    },
    invalidate(token) {
      if (current === token) current = undefined;
    },
    fetchCount: () => n,
  };
}

async function setup(transport: HttpTransport, input: Partial<SubscriptionInput> = {}) {
  const subscriptions = createMemorySubscriptionStore();
  const created = await subscriptions.create({ role: "operator" }, {
    target: "hospital", hospitalCode: "H001", url: "https://h001.example/hooks", eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted],
    auth: { kind: "none" }, signingKeyIds: ["k1"], ...input,
  });
  if (!created.ok) throw new Error(created.error.message);
  const oidc = fakeOidc();
  const targets: TargetResolver = { resolve: (s) => ({ ok: true, value: s.auth.kind === "none" ? { agent } : { agent, oidc } }), close() {} };
  const attempts = createMemoryAttemptLog();
  const deadLetters = createMemoryDeadLetterStore();
  const sleeps: number[] = [];
  const deliverer = createDeliverer({
    subscriptions, attempts, deadLetters, targets, transport, policy,
    keyring: createMemoryKeyring([{ id: "k1", secret: generateHmacSecret(), status: "active" }]),
    random: () => 0.5, sleep: async (ms) => void sleeps.push(ms),
  });
  const delivery: Delivery = { webhookId: "msg_1", subscriptionId: created.value.id, eventId: "evt_1", eventType: OUTCOME_EVENT_TYPES.batchCompleted, hospitalCode: "H001", body: '{"x":1}' };
  return { deliverer, attempts, deadLetters, subscriptions, delivery, sleeps, oidc, subId: created.value.id };
}

describe("deliverer", () => {
  it("a 2xx on the first attempt is delivered with one attempt recorded", async () => {
    const s = await setup(scripted(http(204)));
    expect(await s.deliverer.deliver(s.delivery)).toMatchObject({ status: "delivered", attempts: 1 });
    expect((await s.attempts.list("msg_1")).map((a) => [a.attempt, a.outcome, a.httpStatus])).toEqual([[1, "delivered", 204]]);
  });

  it("retries a 503 with full-jitter backoff and then delivers", async () => {
    const s = await setup(scripted(http(503), http(503), http(200)));
    expect(await s.deliverer.deliver(s.delivery)).toMatchObject({ status: "delivered", attempts: 3 });
    expect(s.sleeps).toEqual([50, 100]);
  });

  it("counts each attempt by outcome in casemix_webhook_deliveries_total (retry, then delivered; dead)", async () => {
    const count = async (outcome: string) => (await webhookDeliveries.get()).values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
    const before = { retry: await count("retry"), delivered: await count("delivered"), dead: await count("dead") };
    const s = await setup(scripted(http(503), http(200)));
    await s.deliverer.deliver(s.delivery);
    const t = await setup(scripted(http(400)));
    await t.deliverer.deliver(t.delivery);
    expect({ retry: (await count("retry")) - before.retry, delivered: (await count("delivered")) - before.delivered, dead: (await count("dead")) - before.dead })
      .toEqual({ retry: 1, delivered: 1, dead: 1 });
  });

  it("waits as long as Retry-After says", async () => {
    const s = await setup(scripted(http(429, { "retry-after": "3" }), http(200)));
    await s.deliverer.deliver(s.delivery);
    expect(s.sleeps).toEqual([3000]);
  });

  it("a receiver that always fails ends in the dead letters after maxAttempts", async () => {
    const s = await setup(scripted(http(500)));
    expect(await s.deliverer.deliver(s.delivery)).toMatchObject({ status: "dead", attempts: 3, reason: "exhausted" });
    expect((await s.deadLetters.list({ role: "operator" }))[0]).toMatchObject({ webhookId: "msg_1", lastErrorCode: "HTTP_500", attempts: 3 });
  });

  it("a 400 is not retried", async () => {
    const transport = scripted(http(400));
    const s = await setup(transport);
    expect(await s.deliverer.deliver(s.delivery)).toMatchObject({ status: "dead", attempts: 1, reason: "permanent" });
    expect(transport.sent).toHaveLength(1);
  });

  it("a 410 disables the subscription", async () => {
    const s = await setup(scripted(http(410)));
    await s.deliverer.deliver(s.delivery);
    const sub = await s.subscriptions.get({ role: "operator" }, s.subId);
    expect(sub.ok && sub.value.status).toBe("disabled");
  });

  it("a transport error is recorded with its code and retried", async () => {
    const s = await setup(scripted({ ok: false, durationMs: 2, error: { code: "ECONNREFUSED", message: "refused" } }, http(200)));
    await s.deliverer.deliver(s.delivery);
    expect((await s.attempts.list("msg_1")).map((a) => a.errorCode)).toEqual(["ECONNREFUSED", null]);
  });

  it("a 401 invalid_token fetches one new token and resends at once, outside the retry budget", async () => {
    const transport = scripted(http(401, { "www-authenticate": 'Bearer error="invalid_token"' }), http(200));
    const s = await setup(transport, { target: "mygdx", hospitalCode: null, auth: { kind: "oidc-mtls", credentialsId: "c" } });
    expect(await s.deliverer.deliver(s.delivery)).toMatchObject({ status: "delivered", attempts: 1 });
    expect(transport.sent.map((r) => r.headers?.authorization)).toEqual(["Bearer tok_1", "Bearer tok_2"]);
    expect(s.sleeps).toEqual([]);
  });

  it("a second 401 after a fresh token is a permanent failure, not a token loop", async () => {
    const transport = scripted(http(401, { "www-authenticate": 'Bearer error="invalid_token"' }));
    const s = await setup(transport, { target: "mygdx", hospitalCode: null, auth: { kind: "oidc-mtls", credentialsId: "c" } });
    expect(await s.deliverer.deliver(s.delivery)).toMatchObject({ status: "dead", reason: "permanent" });
    expect(s.oidc.tokens).toEqual(["tok_1", "tok_2"]);
  });

  it("a replay resends the same webhook id and body and marks the dead letter replayed", async () => {
    const transport = scripted(http(500), http(500), http(500), http(200));
    const s = await setup(transport);
    await s.deliverer.deliver(s.delivery);
    const replayed = await s.deliverer.replay({ role: "operator" }, "msg_1");
    expect(replayed.ok && replayed.value.status).toBe("delivered");
    expect(new Set(transport.sent.map((r) => `${r.headers?.["webhook-id"]}${r.body}`))).toEqual(new Set(['msg_1{"x":1}']));
    expect((await s.attempts.list("msg_1")).map((a) => [a.attempt, a.replay])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    expect((await s.deadLetters.list({ role: "operator" }))[0]?.status).toBe("replayed");
  });

  it("a hospital cannot replay another hospital's dead letter", async () => {
    const s = await setup(scripted(http(500)));
    await s.deliverer.deliver(s.delivery);
    const replayed = await s.deliverer.replay({ role: "hospital", hospitalCode: "H002" }, "msg_1");
    expect(replayed.ok || replayed.error.code).toBe("E_DEAD_LETTER_NOT_FOUND");
  });
});
