import type { Result } from "./errors.ts";
import { createSemaphore } from "./concurrency.ts";
import { sendHttps, type HttpTransport } from "./http-transport.ts";
import type { Keyring } from "./keyring.ts";
import type { AttemptRecord, DeadLetter, Delivery, Subscription, SubscriptionStore } from "./ports.ts";
import { DEFAULT_RETRY_POLICY, decide, type Decision, type RetryPolicy } from "./retry-policy.ts";
import { errorCodeOf, isTokenRejection, sendAttempt, type SentAttempt } from "./send-attempt.ts";
import type { Target, TargetResolver } from "./targets.ts";
import { inSpan, metricsEnabled, SpanKind, webhookDeliveries } from "@casemix/telemetry";

/** Ports and knobs of the attempt runner. Clock and randomness are injectable so tests run fast. */
export type AttemptRunnerOptions = {
  subscriptions: SubscriptionStore;
  keyring: Keyring;
  targets: TargetResolver;
  transport?: HttpTransport;
  policy?: RetryPolicy;
  /** Requests in flight at once, over all targets. */
  concurrency?: number;
  now?: () => number;
  random?: () => number;
  userAgent?: string;
};

/** Where a run of attempts stands before the next one. */
export type RunState = {
  /** The number the next attempt gets (1-based, counting across replays). */
  attemptNo: number;
  /** Attempts of this run that count against the policy (a token refresh does not). */
  budgetUsed: number;
  /** Whether this run already fetched a fresh token after a 401 (one per run). */
  tokenRefreshed: boolean;
  replay: boolean;
};

/** What follows one attempt. */
export type AttemptNext =
  | { kind: "delivered"; httpStatus: number }
  | { kind: "retry"; delayMs: number }
  | { kind: "dead"; reason: DeadLetter["reason"]; lastHttpStatus: number | null; lastErrorCode: string | null }
  | { kind: "skipped"; reason: "subscription-removed" };

/** One attempt: the row for the attempt log (none when nothing was sent), the next state and step. */
export type AttemptStep = { record: AttemptRecord | null; state: RunState; next: AttemptNext; subscription: Subscription | null };

/** Makes single attempts; the caller records them and schedules what follows (in memory or durably). */
export type AttemptRunner = {
  /**
   * One attempt. `known` is the subscription when the caller just read it (the sweeper's claim joins
   * it; null: it was removed), which spares a lookup per attempt.
   */
  attempt(delivery: Delivery & { traceparent?: string | null }, state: RunState, known?: Subscription | null): Promise<AttemptStep>;
};

const OPERATOR = { role: "operator" } as const;

/**
 * One attempt of a delivery: sign, send, and decide (deliver / retry after a delay / dead-letter) as
 * {@link decide} says. A 401 meaning "token expired" drops that token and asks for an immediate
 * resend outside the retry budget (the receiver did nothing wrong and neither did the payload), once
 * per run. A 410 disables the subscription before the step returns.
 */
export function createAttemptRunner(options: AttemptRunnerOptions): AttemptRunner {
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const semaphore = createSemaphore(options.concurrency ?? 32);
  const sendDeps = { keyring: options.keyring, transport: options.transport ?? sendHttps, now, timeoutMs: policy.attemptTimeoutMs, userAgent: options.userAgent ?? "casemix-notify/1" };

  async function send(sub: Subscription, target: Result<Target>, delivery: Delivery): Promise<SentAttempt> {
    if (!target.ok) return { result: { kind: "local-error", code: target.error.code, retryable: false }, durationMs: 0, message: target.error.message };
    const release = await semaphore.acquire();
    try {
      return await sendAttempt(sendDeps, sub, target.value, delivery);
    } finally {
      release();
    }
  }

  async function lookup(id: string): Promise<Subscription | null> {
    const found = await options.subscriptions.get(OPERATOR, id);
    return found.ok ? found.value : null;
  }

  const counted = (step: AttemptStep): AttemptStep => {
    if (metricsEnabled()) webhookDeliveries.inc({ outcome: step.next.kind });
    return step;
  };

  return {
    // One client span per attempt, in the trace of the event that caused the webhook.
    attempt: (delivery, state, known) =>
      inSpan("webhook POST", { kind: SpanKind.CLIENT, traceparent: delivery.traceparent ?? undefined, attributes: { "casemix.webhook_id": delivery.webhookId, "casemix.attempt": state.attemptNo } }, async () =>
        counted(await attemptOnce(delivery, state, known))),
  };

  async function attemptOnce(delivery: Delivery, state: RunState, known?: Subscription | null): Promise<AttemptStep> {
    const sub = known !== undefined ? known : await lookup(delivery.subscriptionId);
    if (!sub) return { record: null, state, subscription: null, next: { kind: "skipped", reason: "subscription-removed" } };
    if (sub.status === "disabled") {
      return { record: null, state, subscription: sub, next: { kind: "dead", reason: "gone", lastHttpStatus: null, lastErrorCode: "E_SUBSCRIPTION_DISABLED" } };
    }
    const target = options.targets.resolve(sub);
    const startedAt = new Date(now()).toISOString();
    const sent = await send(sub, target, delivery);
    const oidc = target.ok ? target.value.oidc : undefined;
    const refresh = !state.tokenRefreshed && oidc !== undefined && isTokenRejection(sent);
    const budgetUsed = refresh ? state.budgetUsed : state.budgetUsed + 1;
    const decision: Decision = refresh ? { kind: "retry", delayMs: 0 } : decide(sent.result, budgetUsed, policy, now(), random);
    const httpStatus = sent.result.kind === "delivered" || sent.result.kind === "http-error" ? sent.result.status : null;
    const record: AttemptRecord = {
      webhookId: delivery.webhookId, subscriptionId: delivery.subscriptionId, eventId: delivery.eventId, attempt: state.attemptNo,
      startedAt, durationMs: sent.durationMs, outcome: sent.result.kind === "delivered" ? "delivered" : "failed", httpStatus,
      errorCode: errorCodeOf(sent.result), errorMessage: sent.message,
      nextDelayMs: decision.kind === "retry" ? decision.delayMs : null, replay: state.replay,
    };
    if (refresh && sent.token) oidc?.invalidate(sent.token);
    const nextState: RunState = { attemptNo: state.attemptNo + 1, budgetUsed, tokenRefreshed: state.tokenRefreshed || refresh, replay: state.replay };
    if (decision.kind === "retry") return { record, state: nextState, subscription: sub, next: { kind: "retry", delayMs: decision.delayMs } };
    if (decision.kind === "done") return { record, state: nextState, subscription: sub, next: { kind: "delivered", httpStatus: httpStatus ?? 200 } };
    if (decision.reason === "gone") await options.subscriptions.disable(sub.id, `the target answered 410 Gone at ${startedAt}`);
    return { record, state: nextState, subscription: sub, next: { kind: "dead", reason: decision.reason, lastHttpStatus: httpStatus, lastErrorCode: errorCodeOf(sent.result) } };
  }
}
