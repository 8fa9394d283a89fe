import { setTimeout as delay } from "node:timers/promises";
import type { Result } from "./errors.ts";
import { createAttemptRunner, type AttemptRunnerOptions, type RunState } from "./attempt-runner.ts";
import type { AttemptLog, Caller, DeadLetter, DeadLetterStore, Delivery } from "./ports.ts";

/** Ports and knobs of the deliverer. Clock, randomness and sleep are injectable so tests run fast. */
export type DelivererOptions = AttemptRunnerOptions & {
  attempts: AttemptLog;
  deadLetters: DeadLetterStore;
  sleep?: (ms: number) => Promise<void>;
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

/**
 * The in-process delivery loop: one attempt at a time ({@link createAttemptRunner}), each recorded,
 * waiting out the backoff in this process. The `notify` function uses the durable sweeper instead
 * (retries survive a restart); this loop serves the embedded benchmarks and library users.
 */
export function createDeliverer(options: DelivererOptions): Deliverer {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => delay(ms));
  const runner = createAttemptRunner(options);

  async function deliver(delivery: Delivery, opts: { replay?: boolean } = {}): Promise<DeliveryOutcome> {
    const attemptNo = (await options.attempts.list(delivery.webhookId)).length + 1;
    let state: RunState = { attemptNo, budgetUsed: 0, tokenRefreshed: false, replay: opts.replay ?? false };
    const ids = { webhookId: delivery.webhookId, subscriptionId: delivery.subscriptionId };
    for (;;) {
      const step = await runner.attempt(delivery, state);
      if (step.record) await options.attempts.record(step.record);
      state = step.state;
      const { next } = step;
      if (next.kind === "skipped") return { ...ids, status: "skipped", attempts: 0, reason: next.reason };
      if (next.kind === "delivered") return { ...ids, status: "delivered", attempts: state.budgetUsed };
      if (next.kind === "dead") {
        await options.deadLetters.put({ ...delivery, reason: next.reason, attempts: state.budgetUsed, lastHttpStatus: next.lastHttpStatus, lastErrorCode: next.lastErrorCode, deadAt: new Date(now()).toISOString(), status: "dead", replayedAt: null });
        return { ...ids, status: "dead", attempts: state.budgetUsed, reason: next.reason, lastHttpStatus: next.lastHttpStatus, lastErrorCode: next.lastErrorCode };
      }
      if (next.delayMs > 0) await sleep(next.delayMs);
    }
  }

  return {
    deliver,
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
