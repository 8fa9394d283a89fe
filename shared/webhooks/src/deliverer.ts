import { setTimeout as delay } from "node:timers/promises";
import type { Result } from "./errors.ts";
import { createSemaphore } from "./concurrency.ts";
import { sendHttps, type HttpTransport } from "./http-transport.ts";
import type { Keyring } from "./keyring.ts";
import type { AttemptLog, Caller, DeadLetter, DeadLetterStore, Delivery, Subscription, SubscriptionStore } from "./ports.ts";
import { DEFAULT_RETRY_POLICY, decide, type Decision, type RetryPolicy } from "./retry-policy.ts";
import { errorCodeOf, isTokenRejection, sendAttempt, type SentAttempt } from "./send-attempt.ts";
import type { Target, TargetResolver } from "./targets.ts";

/** Ports and knobs of the deliverer. Clock, randomness and sleep are injectable so tests run fast. */
export type DelivererOptions = {
  subscriptions: SubscriptionStore;
  attempts: AttemptLog;
  deadLetters: DeadLetterStore;
  keyring: Keyring;
  targets: TargetResolver;
  transport?: HttpTransport;
  policy?: RetryPolicy;
  /** Requests in flight at once, over all targets. */
  concurrency?: number;
  now?: () => number;
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  userAgent?: string;
};

/** How a delivery ended. */
export type DeliveryOutcome =
  | { webhookId: string; subscriptionId: string; status: "delivered"; attempts: number }
  | {
      webhookId: string; subscriptionId: string; status: "dead"; attempts: number; reason: DeadLetter["reason"];
      lastHttpStatus: number | null; lastErrorCode: string | null;
    }
  | { webhookId: string; subscriptionId: string; status: "skipped"; attempts: 0; reason: "subscription-removed" | "already-delivered" };

/** Delivers and replays. */
export type Deliverer = {
  /** Attempts a delivery until it is delivered or dead-lettered. Rejects only if a store fails. */
  deliver(delivery: Delivery, options?: { replay?: boolean }): Promise<DeliveryOutcome>;
  /** Sends a dead letter again, with the same webhook id and body and a fresh retry budget. */
  replay(caller: Caller, webhookId: string): Promise<Result<DeliveryOutcome>>;
};

const OPERATOR: Caller = { role: "operator" };

/**
 * The delivery loop: sign, send, record the attempt, then deliver / retry with backoff / dead-letter
 * as {@link decide} says. A 401 meaning "token expired" gets one fresh token and one immediate
 * resend, outside the retry budget (the receiver did nothing wrong and neither did the payload).
 */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const semaphore = createSemaphore(options.concurrency ?? 32);
  const sendDeps = { keyring: options.keyring, transport: options.transport ?? sendHttps, now, timeoutMs: policy.attemptTimeoutMs, userAgent: options.userAgent ?? "casemix-notify/1" };

  /** The state of one run of attempts (a first delivery, or a replay with a fresh budget). */
  type Run = { delivery: Delivery; attemptNo: number; budgetUsed: number; tokenRefreshed: boolean; replay: boolean };
  type Step = { kind: "outcome"; outcome: DeliveryOutcome } | { kind: "again"; delayMs: number };

  async function deliver(delivery: Delivery, opts: { replay?: boolean } = {}): Promise<DeliveryOutcome> {
    const attemptNo = (await options.attempts.list(delivery.webhookId)).length;
    const run: Run = { delivery, attemptNo, budgetUsed: 0, tokenRefreshed: false, replay: opts.replay ?? false };
    for (;;) {
      const step = await attemptOnce(run);
      if (step.kind === "outcome") return step.outcome;
      if (step.delayMs > 0) await sleep(step.delayMs);
    }
  }

  async function send(sub: Subscription, target: Result<Target>, delivery: Delivery): Promise<SentAttempt> {
    if (!target.ok) return { result: { kind: "local-error", code: target.error.code, retryable: false }, durationMs: 0, message: target.error.message };
    const release = await semaphore.acquire();
    try {
      return await sendAttempt(sendDeps, sub, target.value, delivery);
    } finally {
      release();
    }
  }

  /** One attempt: send, record, and say what follows. */
  async function attemptOnce(run: Run): Promise<Step> {
    const { delivery } = run;
    const found = await options.subscriptions.get(OPERATOR, delivery.subscriptionId);
    if (!found.ok) return { kind: "outcome", outcome: { webhookId: delivery.webhookId, subscriptionId: delivery.subscriptionId, status: "skipped", attempts: 0, reason: "subscription-removed" } };
    const sub = found.value;
    if (sub.status === "disabled") return { kind: "outcome", outcome: await deadLetter(delivery, "gone", run.budgetUsed, null, "E_SUBSCRIPTION_DISABLED") };
    const target = options.targets.resolve(sub);
    const startedAt = new Date(now()).toISOString();
    const sent = await send(sub, target, delivery);
    run.attemptNo++;
    // An expired token is nobody's failure: one fresh token and an immediate resend, outside the budget.
    const oidc = target.ok ? target.value.oidc : undefined;
    const refresh = !run.tokenRefreshed && oidc !== undefined && isTokenRejection(sent);
    if (!refresh) run.budgetUsed++;
    const decision: Decision = refresh ? { kind: "retry", delayMs: 0 } : decide(sent.result, run.budgetUsed, policy, now(), random);
    const httpStatus = sent.result.kind === "delivered" || sent.result.kind === "http-error" ? sent.result.status : null;
    await options.attempts.record({
      webhookId: delivery.webhookId, subscriptionId: delivery.subscriptionId, eventId: delivery.eventId, attempt: run.attemptNo,
      startedAt, durationMs: sent.durationMs, outcome: sent.result.kind === "delivered" ? "delivered" : "failed", httpStatus,
      errorCode: errorCodeOf(sent.result), errorMessage: sent.message,
      nextDelayMs: decision.kind === "retry" ? decision.delayMs : null, replay: run.replay,
    });
    if (refresh && sent.token) {
      run.tokenRefreshed = true;
      oidc?.invalidate(sent.token);
    }
    if (decision.kind === "retry") return { kind: "again", delayMs: decision.delayMs };
    if (decision.kind === "done") return { kind: "outcome", outcome: { webhookId: delivery.webhookId, subscriptionId: delivery.subscriptionId, status: "delivered", attempts: run.budgetUsed } };
    if (decision.reason === "gone") await options.subscriptions.disable(sub.id, `the target answered 410 Gone at ${startedAt}`);
    return { kind: "outcome", outcome: await deadLetter(delivery, decision.reason, run.budgetUsed, httpStatus, errorCodeOf(sent.result)) };
  }

  async function deadLetter(delivery: Delivery, reason: DeadLetter["reason"], attempts: number, lastHttpStatus: number | null, lastErrorCode: string | null): Promise<DeliveryOutcome> {
    await options.deadLetters.put({ ...delivery, reason, attempts, lastHttpStatus, lastErrorCode, deadAt: new Date(now()).toISOString(), status: "dead", replayedAt: null });
    return { webhookId: delivery.webhookId, subscriptionId: delivery.subscriptionId, status: "dead", attempts, reason, lastHttpStatus, lastErrorCode };
  }

  return {
    async deliver(delivery, opts) {
      return deliver(delivery, opts);
    },
    async replay(caller, webhookId) {
      const found = await options.deadLetters.get(caller, webhookId);
      if (!found.ok) return found;
      const { webhookId: id, subscriptionId, eventId, eventType, hospitalCode, body } = found.value;
      const outcome = await deliver({ webhookId: id, subscriptionId, eventId, eventType, hospitalCode, body }, { replay: true });
      if (outcome.status === "delivered") await options.deadLetters.markReplayed(id, new Date(now()).toISOString());
      return { ok: true, value: outcome };
    },
  };
}
