import { developmentMasterKeys } from "@casemix/storage";
import { Agent } from "node:https";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTestPglite, type TestDb } from "@casemix/db";
import { createAttemptRunner } from "../attempt-runner.ts";
import { OUTCOME_EVENT_TYPES } from "../event-types.ts";
import type { HttpOutcome, HttpRequest, HttpTransport } from "../http-transport.ts";
import { generateHmacSecret } from "../keys.ts";
import type { Delivery } from "../ports.ts";
import type { RetryPolicy } from "../retry-policy.ts";
import type { TargetResolver } from "../targets.ts";
import { createSqlAttemptLog } from "./attempt-log.ts";
import { createSqlDeadLetterStore } from "./dead-letter-store.ts";
import { claimDueDeliveries, commitAttempts, enqueueDeliveries, queueCounts, requeueForReplay } from "./delivery-queue.ts";
import { createSqlKeyring } from "./keyring.ts";
import { createSqlSubscriptionStore } from "./subscription-store.ts";
import { createSweeper, type Sweeper } from "./sweeper.ts";

const policy: RetryPolicy = { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, maxRetryAfterMs: 10_000, attemptTimeoutMs: 1000 };
const http = (status: number): HttpOutcome => ({ ok: true, durationMs: 1, response: { status, headers: {}, body: "" } });
const agent = new Agent();

/** A transport answering by a function of the request count, remembering what it was sent. */
function scripted(answer: (n: number, req: HttpRequest) => HttpOutcome): HttpTransport & { sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  return Object.assign(async (req: HttpRequest) => (sent.push(req), answer(sent.length, req)), { sent });
}

let db: TestDb;
let clock: number;
const sweepers: Sweeper[] = [];
beforeEach(async () => {
  db = await createTestPglite();
  clock = Date.parse("2027-02-01T01:00:00Z");
});
afterEach(async () => {
  await Promise.all(sweepers.splice(0).map((s) => s.stop()));
  await db.close();
});

async function setup(transport: HttpTransport, owner?: string) {
  const subscriptions = createSqlSubscriptionStore(db);
  const keyring = createSqlKeyring(db, { masterKeys: developmentMasterKeys("test"), now: () => clock });
  await keyring.add({ id: "k1", secret: generateHmacSecret(), status: "active" });
  const created = await subscriptions.create({ role: "hospital", hospitalCode: "H001" }, {
    target: "hospital", hospitalCode: "H001", url: "https://h001.example/hooks", eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted],
    auth: { kind: "none" }, signingKeyIds: ["k1"],
  });
  if (!created.ok) throw new Error(created.error.message);
  const targets: TargetResolver = { resolve: () => ({ ok: true, value: { agent } }), close() {} };
  const runner = createAttemptRunner({ subscriptions, keyring, targets, transport, policy, now: () => clock, random: () => 0.5 });
  const sweeper = createSweeper({ db, runner, policy, now: () => clock, intervalMs: 60_000, ...(owner ? { owner } : {}) });
  sweepers.push(sweeper);
  return { sweeper, runner, subscriptions, sub: created.value };
}

const delivery = (n: number, subscriptionId: string): Delivery => ({
  webhookId: `msg_${n}`, subscriptionId, eventId: `evt_${n}`, eventType: OUTCOME_EVENT_TYPES.batchCompleted, hospitalCode: "H001", body: `{"n":${n}}`,
});
const enqueue = (ds: Delivery[]) => db.transaction((tx) => enqueueDeliveries(tx, ds, new Date(clock).toISOString()));

describe("durable delivery sweeper (PGlite)", () => {
  it("the same delivery enqueued twice is one row", async () => {
    const { sub } = await setup(scripted(() => http(204)));
    expect(await enqueue([delivery(1, sub.id)])).toBe(1);
    expect(await enqueue([delivery(1, sub.id)])).toBe(0);
    expect(await queueCounts(db)).toEqual({ pending: 1 });
  });

  it("a nudge from inside the enqueueing transaction claims after the commit, with no error", async () => {
    const transport = scripted(() => http(204));
    const subscriptions = createSqlSubscriptionStore(db);
    const keyring = createSqlKeyring(db, { masterKeys: developmentMasterKeys("test"), now: () => clock });
    await keyring.add({ id: "k1", secret: generateHmacSecret(), status: "active" });
    const created = await subscriptions.create({ role: "hospital", hospitalCode: "H001" }, {
      target: "hospital", hospitalCode: "H001", url: "https://h001.example/hooks", eventTypes: [OUTCOME_EVENT_TYPES.batchCompleted],
      auth: { kind: "none" }, signingKeyIds: ["k1"],
    });
    if (!created.ok) throw new Error(created.error.message);
    const targets: TargetResolver = { resolve: () => ({ ok: true, value: { agent } }), close() {} };
    const runner = createAttemptRunner({ subscriptions, keyring, targets, transport, policy, now: () => clock, random: () => 0.5 });
    const errors: unknown[] = [];
    const sweeper = createSweeper({ db, runner, policy, now: () => clock, intervalMs: 60_000, nudgeDelayMs: 5, onError: (e) => errors.push(e) });
    sweepers.push(sweeper);
    // As notify's handler does: enqueue and nudge inside write(tx), the commit follows.
    await db.transaction(async (tx) => {
      await enqueueDeliveries(tx, [delivery(1, created.value.id)], new Date(clock).toISOString());
      sweeper.nudge();
    });
    for (let i = 0; i < 100 && transport.sent.length === 0 && errors.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(errors.map((e) => (e as Error).message)).toEqual([]);
    expect(transport.sent).toHaveLength(1);
  });

  it("a failed attempt waits in the table until its backoff is due, then the next attempt delivers", async () => {
    const transport = scripted((n) => http(n === 1 ? 503 : 204));
    const { sweeper, sub } = await setup(transport);
    await enqueue([delivery(1, sub.id)]);
    await sweeper.drain();
    expect(transport.sent).toHaveLength(1);
    const { rows } = await db.query<{ next_attempt_at: string }>("SELECT next_attempt_at FROM webhook_deliveries");
    expect(Date.parse(rows[0]!.next_attempt_at) - clock).toBe(500);
    clock += 500;
    await sweeper.drain();
    const attempts = await createSqlAttemptLog(db).list("msg_1");
    expect(attempts.map((a) => [a.attempt, a.httpStatus, a.nextDelayMs])).toEqual([[1, 503, 500], [2, 204, null]]);
    expect(await queueCounts(db)).toEqual({ delivered: 1 });
  });

  it("two sweepers on one database send each delivery once, with attempt numbers that never clash", async () => {
    const transport = scripted(() => http(204));
    const a = await setup(transport, "replica_a");
    const b = createSweeper({ db, runner: a.runner, policy, now: () => clock, owner: "replica_b", intervalMs: 60_000 });
    sweepers.push(b);
    await enqueue(Array.from({ length: 40 }, (_, i) => delivery(i, a.sub.id)));
    await Promise.all([a.sweeper.drain(), b.drain()]);
    const ids = transport.sent.map((r) => r.headers?.["webhook-id"]);
    expect(ids).toHaveLength(40);
    expect(new Set(ids).size).toBe(40);
    const { rows } = await db.query<{ n: number }>("SELECT count(*)::int AS n FROM webhook_attempts WHERE attempt = 1");
    expect(rows[0]!.n).toBe(40);
  });

  it("a dead delivery replayed is sent again with the same id, and both ends are audit events in the outbox", async () => {
    let healthy = false;
    const transport = scripted(() => http(healthy ? 200 : 500));
    const { sweeper, sub } = await setup(transport);
    await enqueue([delivery(1, sub.id)]);
    for (let i = 0; i < policy.maxAttempts; i++) {
      await sweeper.drain();
      clock += 10_000;
    }
    const deadLetters = createSqlDeadLetterStore(db);
    expect((await deadLetters.list({ role: "operator" })).map((d) => [d.webhookId, d.reason, d.attempts])).toEqual([["msg_1", "exhausted", 3]]);
    expect(await deadLetters.list({ role: "hospital", hospitalCode: "H002" })).toEqual([]);
    healthy = true;
    expect(await db.transaction((tx) => requeueForReplay(tx, "msg_1", new Date(clock).toISOString()))).toBe(true);
    await sweeper.drain();
    expect(new Set(transport.sent.map((r) => r.headers?.["webhook-id"]))).toEqual(new Set(["msg_1"]));
    expect((await createSqlAttemptLog(db).list("msg_1")).map((a) => [a.attempt, a.replay])).toEqual([[1, false], [2, false], [3, false], [4, true]]);
    expect((await deadLetters.get({ role: "operator" }, "msg_1")).ok && (await deadLetters.list({ role: "operator" }))[0]!.status).toBe("replayed");
    const { rows } = await db.query<{ event: { type: string; data: { attempts: number; errorCode?: string } } }>("SELECT event FROM outbox ORDER BY id");
    expect(rows.map((r) => [r.event.type, r.event.data.attempts, r.event.data.errorCode])).toEqual([
      ["gov.my.casemix.notification.failed.v1", 3, "E_WEBHOOK_HTTP_ERROR"],
      ["gov.my.casemix.notification.delivered.v1", 4, undefined],
    ]);
  });

  it("a delivery whose subscription was removed is cancelled without sending", async () => {
    const transport = scripted(() => http(204));
    const { sweeper, sub, subscriptions } = await setup(transport);
    await enqueue([delivery(1, sub.id)]);
    await subscriptions.remove({ role: "operator" }, sub.id);
    await sweeper.drain();
    expect(transport.sent).toEqual([]);
    expect(await queueCounts(db)).toEqual({ cancelled: 1 });
  });

  it("a replica that died mid-attempt loses its lease: another delivers, and the late writer records nothing", async () => {
    const transport = scripted(() => http(204));
    const { sweeper, sub } = await setup(transport, "replica_b");
    await enqueue([delivery(1, sub.id)]);
    const iso = (ms: number) => new Date(ms).toISOString();
    const [claimed] = await claimDueDeliveries(db, "replica_a", 10, iso(clock), iso(clock + 60_000));
    expect(claimed?.webhookId).toBe("msg_1");
    await sweeper.drain();
    expect(transport.sent).toEqual([]);
    clock += 60_001;
    await sweeper.drain();
    expect(transport.sent).toHaveLength(1);
    const late = await commitAttempts(db, "replica_a", [
      { webhookId: "msg_1", expectedAttempts: 0, attempts: 1, budgetUsed: 1, lastHttpStatus: 204, lastErrorCode: null, status: "delivered" },
    ], [{ webhookId: "msg_1", attempt: 1, subscriptionId: sub.id, eventId: "evt_1", startedAt: iso(clock), durationMs: 1, outcome: "delivered", httpStatus: 204, errorCode: null, errorMessage: null, nextDelayMs: null, replay: false }], []);
    expect(late.size).toBe(0);
    expect((await createSqlAttemptLog(db).list("msg_1")).length).toBe(1);
  });
});
