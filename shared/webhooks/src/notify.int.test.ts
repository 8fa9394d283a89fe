import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import { batchCompletedEvent, startHarness, type Harness, type HarnessOptions } from "../test-support/harness.ts";
import { startReceiverStub } from "../test-support/mygdx-stub.ts";
import { startOpensslServer } from "../test-support/openssl-server.ts";
import { createTestPki, hasOpenssl, OPENSSL_ABSENT, type TestPki } from "../test-support/pki.ts";
import { OUTCOME_EVENT_TYPES } from "./event-types.ts";
import { sendHttps } from "./http-transport.ts";
import type { RetryPolicy } from "./retry-policy.ts";
import { generateHmacSecret } from "./keys.ts";
import { signWebhook } from "./signing.ts";
import { createWebhookVerifier } from "./verify.ts";
import { deriveWebhookId } from "./webhook-id.ts";

// A MyGDX-like receiver on loopback: HTTPS demanding a client certificate from the test CA, an OIDC
// token endpoint that checks the private_key_jwt assertion against the client's public JWKS, and
// Standard Webhooks signature checks. Certificates are made by openssl at test time.
const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 1000, attemptTimeoutMs: 5000 };

describe("notify over mutual TLS with OIDC client credentials", skipUnless(hasOpenssl(), OPENSSL_ABSENT), () => {
  let pki: TestPki;
  let h: Harness | undefined;
  const start = async (options: Partial<HarnessOptions> = {}) => (h = await startHarness({ pki, policy, ...options }));
  beforeAll(() => void (pki = createTestPki()));
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("a delivery arrives once with a valid signature", async () => {
    const h = await start();
    const result = await h.notifier.notify(batchCompletedEvent(1));
    expect(result.ok && result.value.deliveries.map((d) => [d.status, d.attempts])).toEqual([["delivered", 1]]);
    expect(h.stub.received).toHaveLength(1);
    const got = h.stub.received[0]!;
    expect(JSON.parse(got.body)).toMatchObject({ type: "gov.my.casemix.batch.completed.v1", data: { batchId: "bat_1", counts: { received: 1000 } } });
    expect(got.token).toBe(h.stub.tokensIssued[0]);
    // The receiver of asymmetric signatures verifies the same request with the sender's JWKS.
    expect(createWebhookVerifier({ jwks: await h.keyring.jwks() })(got.headers, got.body).ok).toBe(true);
  });

  it("a hospital endpoint gets only its own hospital's event, verified with the sender's JWKS alone", async () => {
    const h = await start();
    const hospital = await startReceiverStub({ pki, mutualTls: false, verifier: { jwks: await h.keyring.jwks() } });
    try {
      const sub = (code: string) => ({
        target: "hospital" as const, hospitalCode: code, url: hospital.webhookUrl, eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted],
        auth: { kind: "none" as const }, signingKeyIds: ["key_ed"],
      });
      const own = await h.subscriptions.create({ role: "hospital", hospitalCode: "H001" }, sub("H001"));
      await h.subscriptions.create({ role: "hospital", hospitalCode: "H002" }, sub("H002"));
      const result = await h.notifier.notify(batchCompletedEvent(7));
      const ids = result.ok ? result.value.deliveries.map((d) => d.webhookId) : [];
      expect(result.ok && result.value.deliveries.map((d) => d.status)).toEqual(["delivered", "delivered"]);
      expect(hospital.received.map((r) => r.webhookId)).toEqual([deriveWebhookId("evt_batch_7", own.ok ? own.value.id : "")]);
      expect(h.stub.received.map((r) => r.webhookId)).toEqual(ids.filter((id) => id !== hospital.received[0]!.webhookId));
      expect(hospital.received[0]!.headers["webhook-signature"]).toMatch(/^v1a,/);
    } finally {
      await hospital.close();
    }
  });

  it("waits as long as the receiver's Retry-After asks before the next attempt", async () => {
    const h = await start({ respond: (n) => (n === 1 ? { status: 503, headers: { "retry-after": "1" } } : { status: 204 }) });
    const result = await h.notifier.notify(batchCompletedEvent(8));
    const attempts = await h.attempts.list(result.ok ? result.value.deliveries[0]!.webhookId : "");
    expect(attempts.map((a) => [a.httpStatus, a.nextDelayMs])).toEqual([[503, 1000], [204, null]]);
    expect(Date.parse(attempts[1]!.startedAt) - Date.parse(attempts[0]!.startedAt)).toBeGreaterThanOrEqual(1000);
  });

  it("a 410 Gone disables the subscription and later events are not sent to it", async () => {
    const h = await start({ respond: () => ({ status: 410 }) });
    const first = await h.notifier.notify(batchCompletedEvent(9));
    expect(first.ok && first.value.deliveries[0]).toMatchObject({ status: "dead", reason: "gone", attempts: 1 });
    const sub = await h.subscriptions.get({ role: "operator" }, h.subscription.id);
    expect(sub.ok && sub.value.status).toBe("disabled");
    const second = await h.notifier.notify(batchCompletedEvent(10));
    expect(second.ok && second.value.deliveries).toEqual([]);
  });

  it("during a key rotation both keys sign; once the old key is retired, only the new one does", async () => {
    const h = await start();
    const fresh = generateHmacSecret();
    await h.keyring.add({ id: "key_hmac_2", secret: fresh, status: "active" });
    await h.subscriptions.update({ role: "operator" }, h.subscription.id, { signingKeyIds: ["key_hmac", "key_hmac_2"] });
    await h.notifier.notify(batchCompletedEvent(11));
    const [during] = h.stub.received;
    const knowsOld = createWebhookVerifier({ secrets: [h.hmacSecret] });
    const knowsNew = createWebhookVerifier({ secrets: [fresh] });
    expect([knowsOld(during!.headers, during!.body).ok, knowsNew(during!.headers, during!.body).ok]).toEqual([true, true]);
    // The stub knows only the old secret: once that key is retired, it refuses what is sent.
    await h.keyring.retire("key_hmac");
    const after = await h.notifier.notify(batchCompletedEvent(12));
    expect(after.ok && after.value.deliveries[0]).toMatchObject({ status: "dead", reason: "permanent", lastHttpStatus: 400 });
    expect(h.stub.refused.map((r) => r.reason)).toEqual(["E_SIGNATURE_MISMATCH"]);
  });

  it("a redelivered event is not sent again", async () => {
    const h = await start();
    await h.notifier.notify(batchCompletedEvent(1));
    const again = await h.notifier.notify(batchCompletedEvent(1));
    expect(again.ok && again.value.deliveries.map((d) => d.status)).toEqual(["skipped"]);
    expect(h.stub.received).toHaveLength(1);
  });

  it("a receiver that fails twice and then succeeds gets it on the third attempt", async () => {
    const h = await start({ respond: (n) => ({ status: n <= 2 ? 503 : 204 }) });
    const result = await h.notifier.notify(batchCompletedEvent(2));
    expect(result.ok && result.value.deliveries[0]).toMatchObject({ status: "delivered", attempts: 3 });
    const attempts = await h.attempts.list(h.stub.received[0]!.webhookId);
    expect(attempts.map((a) => [a.attempt, a.httpStatus, a.errorCode])).toEqual([[1, 503, "HTTP_503"], [2, 503, "HTTP_503"], [3, 204, null]]);
    expect(h.stub.received).toHaveLength(1);
  });

  it("one that always fails ends in the dead letters, and a replay delivers it with the same webhook id", async () => {
    let healthy = false;
    const h = await start({ respond: () => ({ status: healthy ? 200 : 500 }) });
    const result = await h.notifier.notify(batchCompletedEvent(3));
    const outcome = result.ok ? result.value.deliveries[0]! : undefined;
    expect(outcome).toMatchObject({ status: "dead", attempts: policy.maxAttempts, reason: "exhausted" });
    const [dead] = await h.deadLetters.list({ role: "operator" }, { status: "dead" });
    expect(dead).toMatchObject({ webhookId: outcome?.webhookId, lastHttpStatus: 500, attempts: 4 });
    healthy = true;
    const replayed = await h.deliverer.replay({ role: "operator" }, dead!.webhookId);
    expect(replayed.ok && replayed.value.status).toBe("delivered");
    expect(h.stub.received.map((r) => r.webhookId)).toEqual([outcome?.webhookId]);
    expect(h.stub.received[0]!.body).toBe(dead!.body);
    expect((await h.deadLetters.list({ role: "operator" }))[0]?.status).toBe("replayed");
  });

  it("when the receiver rejects an expired token, a new token is fetched once and the delivery succeeds", async () => {
    const h = await start();
    await h.notifier.notify(batchCompletedEvent(4));
    h.stub.expireToken(h.stub.tokensIssued[0]!);
    const result = await h.notifier.notify(batchCompletedEvent(5));
    expect(result.ok && result.value.deliveries[0]).toMatchObject({ status: "delivered", attempts: 1 });
    expect(h.stub.tokensIssued).toHaveLength(2);
    expect(h.stub.refused).toEqual([{ webhookId: result.ok ? result.value.deliveries[0]!.webhookId : "", reason: "invalid_token" }]);
    expect(h.stub.received.map((r) => r.token)).toEqual(h.stub.tokensIssued);
  });

  it.each([
    ["TLS 1.3", false],
    ["TLS 1.2", true],
  ])("a wrong client certificate is recorded with its TLS alert and retried no more than the policy allows (%s)", async (_name, maxTls12) => {
    // openssl s_server, because it answers a bad client certificate with a TLS alert as real TLS
    // terminators do; a Node server just drops the socket (see the next test).
    const server = await startOpensslServer(pki, { maxTls12 });
    try {
      const h = await start({ rogueClientCert: true, targetOrigin: server.url });
      const result = await h.notifier.notify(batchCompletedEvent(6));
      const outcome = result.ok ? result.value.deliveries[0]! : undefined;
      expect(outcome).toMatchObject({ status: "dead", attempts: policy.maxAttempts, reason: "exhausted" });
      const attempts = await h.attempts.list(outcome!.webhookId);
      expect(attempts.map((a) => a.errorCode)).toEqual(Array(policy.maxAttempts).fill("ERR_SSL_TLSV1_ALERT_UNKNOWN_CA"));
    } finally {
      server.close();
    }
  });

  it("a wrong client certificate refused by a Node receiver is recorded as a reset and never reaches it", async () => {
    const h = await start({ rogueClientCert: true });
    const result = await h.notifier.notify(batchCompletedEvent(6));
    const outcome = result.ok ? result.value.deliveries[0]! : undefined;
    expect(outcome).toMatchObject({ status: "dead", attempts: policy.maxAttempts, reason: "exhausted" });
    const attempts = await h.attempts.list(outcome!.webhookId);
    expect(attempts.map((a) => a.errorCode)).toEqual(Array(policy.maxAttempts).fill("ECONNRESET"));
    expect(h.stub.tokensIssued).toEqual([]);
    expect(h.stub.received).toEqual([]);
  });

  it("a tampered body fails the receiver's signature check", async () => {
    const h = await start();
    const keys = await h.keyring.signingKeys(["key_hmac"]);
    const headers = signWebhook({ webhookId: "msg_tamper", timestamp: Math.floor(Date.now() / 1000), body: '{"totalPaymentSen":"100"}', keys });
    const target = h.targets.resolve(h.subscription);
    if (!target.ok || !target.value.oidc) throw new Error("no MyGDX target");
    const token = await target.value.oidc.getToken();
    const res = await sendHttps({
      method: "POST", url: h.stub.webhookUrl, agent: target.value.agent, timeoutMs: 5000, body: '{"totalPaymentSen":"999999"}',
      headers: { ...headers, "content-type": "application/json", authorization: `Bearer ${token.ok ? token.value : ""}` },
    });
    expect(res.ok && res.response.status).toBe(400);
    expect(h.stub.refused).toEqual([{ webhookId: "msg_tamper", reason: "E_SIGNATURE_MISMATCH" }]);
    expect(h.stub.received).toEqual([]);
  });
});
