import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { skipUnless } from "@casemix/testing";
import type { Platform } from "@casemix/runtime";
import { createWebhookVerifier, queueCounts, replayDeadLetter, sendHttps, type RetryPolicy } from "@casemix/webhooks";
import { startOpensslServer } from "@casemix/webhooks/test-support/openssl-server.ts";
import { createTestPki, hasOpenssl, OPENSSL_ABSENT, type TestPki } from "@casemix/webhooks/test-support/pki.ts";
import { batchCompleted, startNotifyHarness, waitFor, type NotifyHarness, type NotifyHarnessOptions } from "./notify-harness.ts";

/** A fast policy: 4 attempts, backoff ceilings of 20..100 ms. */
export const testPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 2000, attemptTimeoutMs: 5000 };

/** A platform per test and how to dispose of it. */
export type PlatformFactory = () => Promise<{ platform: Platform; dispose(): Promise<void> }>;

type Row = { status: string; attempts: number };
const deliveryRow = async (h: NotifyHarness, webhookId: string) =>
  (await h.platform.db.query<Row>("SELECT status, attempts FROM webhook_deliveries WHERE webhook_id = $1", [webhookId])).rows[0];
const onlyWebhookId = async (h: NotifyHarness) => (await h.platform.db.query<{ webhook_id: string }>("SELECT webhook_id FROM webhook_deliveries")).rows.map((r) => r.webhook_id);
const outboxTypes = async (h: NotifyHarness) =>
  (await h.platform.db.query<{ event: { type: string } }>("SELECT event FROM outbox ORDER BY id")).rows.map((r) => r.event.type.split(".").slice(-2, -1)[0]);

/**
 * The acceptance tests of issue 7, through the notify FUNCTION (events in through the runtime's
 * processor, deliveries out of its sweeper, SQL stores) against a receiver on loopback that demands
 * a client certificate and whose token endpoint checks the client assertion. Run on PGlite and on
 * PostgreSQL by the two test files beside the function.
 */
export function describeNotifyAcceptance(name: string, makePlatform: PlatformFactory): void {
  describe(`notify function acceptance (${name})`, skipUnless(hasOpenssl(), OPENSSL_ABSENT), () => {
    let pki: TestPki;
    let h: NotifyHarness | undefined;
    let dispose: (() => Promise<void>) | undefined;
    beforeAll(() => void (pki = createTestPki()));
    afterEach(async () => {
      await h?.close();
      await dispose?.();
      h = undefined;
      dispose = undefined;
    });
    const start = async (options: Partial<NotifyHarnessOptions> = {}) => {
      const made = await makePlatform();
      dispose = made.dispose;
      h = await startNotifyHarness({ pki, platform: made.platform, policy: testPolicy, ...options });
      return h;
    };

    it("a delivery arrives once with a valid signature, and notification.delivered goes to the outbox", async () => {
      const h = await start();
      expect((await h.process(batchCompleted(1))).status).toBe(202);
      await waitFor(() => h.stub.received.length === 1);
      const [got] = h.stub.received;
      expect(createWebhookVerifier({ secrets: [h.hmacSecret] })(got!.headers, got!.body).ok).toBe(true);
      expect(JSON.parse(got!.body)).toMatchObject({ type: "gov.my.casemix.batch.completed.v1", data: { batchId: "bat_1", counts: { received: 1000 } } });
      await waitFor(async () => (await outboxTypes(h)).length === 1);
      expect(await outboxTypes(h)).toEqual(["delivered"]);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(h.stub.received).toHaveLength(1);
    });

    it("the same event handed over twice at once, and again later, is delivered once", async () => {
      const h = await start();
      await Promise.all([h.process(batchCompleted(2)), h.process(batchCompleted(2))]);
      await waitFor(() => h.stub.received.length === 1);
      await h.process(batchCompleted(2));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.stub.received.map((r) => r.webhookId)).toEqual(await onlyWebhookId(h));
    });

    it("a receiver that fails twice and then succeeds gets it on the third attempt", async () => {
      const h = await start({ respond: (n) => ({ status: n <= 2 ? 503 : 204 }) });
      await h.process(batchCompleted(3));
      const [id] = await onlyWebhookId(h);
      // The receiver has it before the attempt commits: wait for the row, not the receiver.
      await waitFor(async () => (await deliveryRow(h, id!))?.status === "delivered");
      expect(h.stub.received.map((r) => r.webhookId)).toEqual([id]);
      const attempts = await h.attempts.list(id!);
      expect(attempts.map((a) => [a.attempt, a.httpStatus, a.errorCode])).toEqual([[1, 503, "HTTP_503"], [2, 503, "HTTP_503"], [3, 204, null]]);
    });

    it("one that always fails ends in the dead letters, and a replay delivers it with the same webhook id", async () => {
      let healthy = false;
      const h = await start({ respond: () => ({ status: healthy ? 200 : 500 }) });
      await h.process(batchCompleted(4));
      const [id] = await onlyWebhookId(h);
      await waitFor(async () => (await deliveryRow(h, id!))?.status === "dead");
      const [dead] = await h.deadLetters.list({ role: "operator" });
      expect(dead).toMatchObject({ webhookId: id, reason: "exhausted", attempts: testPolicy.maxAttempts, lastHttpStatus: 500, status: "dead" });
      healthy = true;
      // The operator's replay (REST and CLI both call this): back into the queue, sent by the sweeper.
      expect((await replayDeadLetter(h.platform.db, { role: "operator" }, id!)).ok).toBe(true);
      await waitFor(async () => (await deliveryRow(h, id!))?.status === "delivered");
      expect(h.stub.received.map((r) => r.webhookId)).toEqual([id]);
      expect(h.stub.received[0]!.body).toBe(dead!.body);
      await waitFor(async () => (await h.deadLetters.list({ role: "operator" }))[0]?.status === "replayed");
      expect((await h.attempts.list(id!)).map((a) => a.replay)).toEqual([false, false, false, false, true]);
    });

    it("when the receiver rejects an expired token, notify fetches one new token and the delivery succeeds", async () => {
      const h = await start();
      await h.process(batchCompleted(5));
      await waitFor(() => h.stub.received.length === 1);
      h.stub.expireToken(h.stub.tokensIssued[0]!);
      await h.process(batchCompleted(6));
      await waitFor(() => h.stub.received.length === 2);
      await waitFor(async () => (await deliveryRow(h, h.stub.received[1]!.webhookId))?.status === "delivered");
      expect(h.stub.tokensIssued).toHaveLength(2);
      expect(h.stub.refused.map((r) => r.reason)).toEqual(["invalid_token"]);
      const attempts = await h.attempts.list(h.stub.received[1]!.webhookId);
      expect(attempts.map((a) => [a.attempt, a.httpStatus, a.nextDelayMs])).toEqual([[1, 401, 0], [2, 204, null]]);
      expect(h.stub.received.map((r) => r.token)).toEqual(h.stub.tokensIssued);
    });

    it("a wrong client certificate is recorded with its TLS error and retried no more than the policy allows", async () => {
      const server = await startOpensslServer(pki);
      try {
        const h = await start({ rogueClientCert: true, targetOrigin: server.url });
        await h.process(batchCompleted(7));
        const [id] = await onlyWebhookId(h);
        await waitFor(async () => (await deliveryRow(h, id!))?.status === "dead");
        const attempts = await h.attempts.list(id!);
        expect(attempts.map((a) => a.errorCode)).toEqual(Array(testPolicy.maxAttempts).fill("ERR_SSL_TLSV1_ALERT_UNKNOWN_CA"));
        expect(await outboxTypes(h)).toEqual(["failed"]);
        const { rows } = await h.platform.db.query<{ event: { data: { errorCode: string } } }>("SELECT event FROM outbox");
        expect(rows[0]!.event.data.errorCode).toBe("E_WEBHOOK_TLS");
      } finally {
        server.close();
      }
    });

    it("a tampered body fails the receiver's signature check", async () => {
      const h = await start();
      await h.process(batchCompleted(8));
      await waitFor(() => h.stub.received.length === 1);
      const [got] = h.stub.received;
      const target = h.targets.resolve(h.subscription);
      if (!target.ok || !target.value.oidc) throw new Error("no MyGDX target");
      const token = await target.value.oidc.getToken();
      const tampered = got!.body.replace('"totalSen":"123456789"', '"totalSen":"999999999"');
      expect(tampered).not.toBe(got!.body);
      const res = await sendHttps({
        method: "POST", url: h.stub.webhookUrl, agent: target.value.agent, timeoutMs: 5000, body: tampered,
        headers: { ...got!.headers, "content-type": "application/json", authorization: `Bearer ${token.ok ? token.value : ""}` },
      });
      expect(res.ok && res.response.status).toBe(400);
      expect(h.stub.refused).toEqual([{ webhookId: got!.webhookId, reason: "E_SIGNATURE_MISMATCH" }]);
      expect(h.stub.received).toHaveLength(1);
    });

    it("a restart of the function while a retry is pending still delivers exactly once", async () => {
      // The first attempt gets 503 with Retry-After: 1, so the retry waits a second in the table.
      const h = await start({ respond: (n) => (n === 1 ? { status: 503, headers: { "retry-after": "1" } } : { status: 204 }) });
      await h.process(batchCompleted(9));
      const [id] = await onlyWebhookId(h);
      await waitFor(async () => (await h.attempts.list(id!)).length === 1);
      await h.restart();
      expect(await deliveryRow(h, id!)).toEqual({ status: "pending", attempts: 1 });
      await waitFor(async () => (await deliveryRow(h, id!))?.status === "delivered");
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(h.stub.received.map((r) => r.webhookId)).toEqual([id]);
      expect((await h.attempts.list(id!)).map((a) => [a.attempt, a.httpStatus])).toEqual([[1, 503], [2, 204]]);
      expect(await queueCounts(h.platform.db)).toEqual({ delivered: 1 });
    });

    it("two replicas handed the same events deliver each once", async () => {
      const h = await start();
      const other = await h.replica();
      const events = Array.from({ length: 30 }, (_, i) => batchCompleted(100 + i));
      await Promise.all(events.flatMap((e) => [h.process(e), other.process(e)]));
      await waitFor(async () => (await queueCounts(h.platform.db)).delivered === 30);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const ids = h.stub.received.map((r) => r.webhookId);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      const { rows } = await h.platform.db.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_attempts");
      expect(rows[0]!.n).toBe(30);
    });
  });
}
