import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";
import type { Db, Queryable, StoredEvent } from "@casemix/db";
import type { AttemptRunner, AttemptStep, RunState } from "../attempt-runner.ts";
import { notificationEvent, type EndedDelivery } from "../notification-events.ts";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../retry-policy.ts";
import { putDeadLetter } from "./dead-letter-store.ts";
import { claimDueDeliveries, commitAttempts, type QueuedDelivery, type QueueUpdate } from "./delivery-queue.ts";

/** Options of {@link createSweeper}. */
export type SweeperOptions = {
  db: Db;
  runner: AttemptRunner;
  policy?: RetryPolicy;
  /** This replica's lease owner id; random by default. */
  owner?: string;
  /** Deliveries worked on at once by this replica (each holds one lease). */
  maxInFlight?: number;
  /** How often to look for due deliveries nobody nudged about (retries, other replicas' work), ms. */
  intervalMs?: number;
  /** How long a claim is held; must outlast one attempt (token fetch + request). */
  leaseMs?: number;
  /** Nudges within this window share one claim, ms. */
  nudgeDelayMs?: number;
  /** Attempts that end within this window commit together, ms. */
  commitDelayMs?: number;
  /** Whether to append `notification.delivered` / `notification.failed` to the outbox. */
  emitEvents?: boolean;
  now?: () => number;
  onError?: (error: unknown) => void;
};

/** The loop that sends due deliveries from `webhook_deliveries`. */
export type Sweeper = {
  /** Looks for due work now (after an enqueue committed). */
  nudge(): void;
  /** Runs rounds until nothing claimable is due and nothing of this replica is in flight (tests, benchmark). */
  drain(): Promise<void>;
  /** Stops claiming, waits for attempts in flight to be recorded. Pending retries stay in the table. */
  stop(): Promise<void>;
};

/**
 * The durable delivery loop of `notify`. Each due delivery is claimed with a lease, attempted once
 * ({@link AttemptRunner}), and the attempt, the queue row's next state (delivered / due again after
 * the backoff / dead), the dead letter and the audit event commit in one transaction, guarded by the
 * lease and the attempt count it was claimed at. A restart loses nothing: a waiting retry is a row
 * with `next_attempt_at`; an attempt cut off mid-flight is retried once its lease runs out.
 */
export function createSweeper(options: SweeperOptions): Sweeper {
  const { db, runner } = options;
  const policy = options.policy ?? DEFAULT_RETRY_POLICY;
  const owner = options.owner ?? `sweeper_${randomUUID()}`;
  const maxInFlight = options.maxInFlight ?? 64;
  const leaseMs = options.leaseMs ?? 2 * policy.attemptTimeoutMs + 30_000;
  const now = options.now ?? Date.now;
  const emit = options.emitEvents ?? true;
  const onError = options.onError ?? (() => {});
  const nudgeDelayMs = options.nudgeDelayMs ?? 50;
  const commitDelayMs = options.commitDelayMs ?? 10;
  const inFlight = new Set<Promise<void>>();
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const isoAt = (ms: number) => new Date(ms).toISOString();

  async function round(): Promise<void> {
    while (!stopped) {
      const free = maxInFlight - inFlight.size;
      if (free <= 0) {
        await Promise.race(inFlight);
        continue;
      }
      const t = now();
      const claimed = await claimDueDeliveries(db, owner, free, isoAt(t), isoAt(t + leaseMs));
      if (claimed.length === 0) return;
      for (const row of claimed) {
        const p: Promise<void> = work(row).catch(onError).finally(() => {
          inFlight.delete(p);
          // A freed slot may take work that was due while all were busy.
          if (inFlight.size === maxInFlight - 1) nudge();
        });
        inFlight.add(p);
      }
    }
  }

  async function work(row: QueuedDelivery): Promise<void> {
    let state: RunState = { attemptNo: row.attempts + 1, budgetUsed: row.budgetUsed, tokenRefreshed: false, replay: row.replay };
    let expected = row.attempts;
    let subscription = row.subscription;
    for (;;) {
      const step = await runner.attempt(row, state, subscription);
      if (!(await commit(row, expected, step))) return;
      // A fresh token is resent at once under the same lease; anything else waits in the table.
      if (step.next.kind !== "retry" || step.next.delayMs > 0) return;
      expected = step.state.attemptNo - 1;
      state = step.state;
      subscription = step.subscription;
    }
  }

  function updateOf(row: QueuedDelivery, expected: number, step: AttemptStep, at: number): QueueUpdate {
    const attempts = step.record ? step.record.attempt : row.attempts;
    const base = {
      webhookId: row.webhookId, expectedAttempts: expected, attempts, budgetUsed: step.state.budgetUsed,
      lastHttpStatus: step.record?.httpStatus ?? null, lastErrorCode: step.record?.errorCode ?? null,
    };
    switch (step.next.kind) {
      case "retry":
        return { ...base, status: "pending", nextAttemptAt: isoAt(at + step.next.delayMs), keepLease: step.next.delayMs === 0 };
      case "delivered":
        return { ...base, status: "delivered" };
      case "dead":
        return { ...base, status: "dead", lastHttpStatus: step.next.lastHttpStatus, lastErrorCode: step.next.lastErrorCode };
      default:
        return { ...base, status: "cancelled" };
    }
  }

  // Group commit: attempts that end while a transaction is being written wait for the next one,
  // which writes all of them with one statement per table. One commit per attempt would cap a
  // replica at the database's commits per second (measured on PGlite: ~85 deliveries/s).
  type Pending = { row: QueuedDelivery; step: AttemptStep; update: QueueUpdate; at: number; done: (ok: boolean) => void; fail: (e: unknown) => void };
  let queue: Pending[] = [];
  let flushing = false;

  function commit(row: QueuedDelivery, expected: number, step: AttemptStep): Promise<boolean> {
    const at = now();
    return new Promise((done, fail) => {
      queue.push({ row, step, update: updateOf(row, expected, step, at), at, done, fail });
      if (!flushing) {
        flushing = true;
        setTimeout(() => void flush(), commitDelayMs);
      }
    });
  }

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, 500);
      queue = queue.slice(batch.length);
      try {
        const applied = await write(batch);
        for (const p of batch) p.done(applied.has(p.row.webhookId));
      } catch (error) {
        for (const p of batch) p.fail(error);
      }
    }
    flushing = false;
  }

  /** One statement for a batch; a transaction only when a dead letter or a replay mark goes with it. */
  async function write(batch: Pending[]): Promise<Set<string>> {
    const records = batch.flatMap((p) => (p.step.record ? [p.step.record] : []));
    const events = emit ? batch.flatMap((p) => eventOf(p)) : [];
    const updates = batch.map((p) => p.update);
    const extras = batch.filter((p) => p.step.next.kind === "dead" || (p.step.next.kind === "delivered" && p.row.replay));
    if (extras.length === 0) return commitAttempts(db, owner, updates, records, events);
    return db.transaction(async (tx) => {
      const applied = await commitAttempts(tx, owner, updates, records, events);
      for (const p of extras) if (applied.has(p.row.webhookId)) await writeExtra(tx, p);
      return applied;
    });
  }

  function eventOf({ row, step, update, at }: Pending): { webhookId: string; event: StoredEvent }[] {
    const { next } = step;
    const ended: EndedDelivery | undefined =
      next.kind === "delivered" ? { ...row, attempts: update.attempts, at: isoAt(at), outcome: "delivered", httpStatus: next.httpStatus }
      : next.kind === "dead" ? { ...row, attempts: update.attempts, at: isoAt(at), outcome: "dead", reason: next.reason, lastHttpStatus: next.lastHttpStatus, lastErrorCode: next.lastErrorCode }
      : undefined;
    const event = ended ? notificationEvent(ended) : undefined;
    return event ? [{ webhookId: row.webhookId, event: event as StoredEvent }] : [];
  }

  async function writeExtra(tx: Queryable, { row, step, at }: Pending): Promise<void> {
    const { next } = step;
    if (next.kind === "delivered") {
      await tx.query("UPDATE webhook_dead_letters SET status = 'replayed', replayed_at = $2::timestamptz WHERE webhook_id = $1 AND status = 'dead'", [row.webhookId, isoAt(at)]);
      return;
    }
    if (next.kind !== "dead") return;
    const { webhookId, subscriptionId, eventId, eventType, hospitalCode, body } = row;
    await putDeadLetter(tx, {
      webhookId, subscriptionId, eventId, eventType, hospitalCode, body, reason: next.reason, attempts: step.state.budgetUsed,
      lastHttpStatus: next.lastHttpStatus, lastErrorCode: next.lastErrorCode, deadAt: isoAt(at), status: "dead", replayedAt: null,
    });
  }

  let scheduled: NodeJS.Timeout | undefined;
  // Rounds run in the sweeper's own async context, not the nudger's: notify nudges from inside its
  // handler's transaction, and a claim carrying that context was refused as a nested query on
  // PGlite (issue 16.9: "query sent inside its own transaction" for almost every outcome event).
  const outside = AsyncLocalStorage.snapshot();

  /** Runs rounds until nothing is due; a nudge during a round asks for one more. */
  function runRounds(): void {
    scheduled = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await round();
        } catch (error) {
          onError(error);
        }
      } while (again && !stopped);
    })().finally(() => (running = undefined));
  }

  // Nudges within `nudgeDelayMs` share one claim: at a few hundred events a second, one claim per
  // event would cost more than the deliveries (measured on PGlite: claims of one row each).
  function nudge(): void {
    if (stopped || scheduled) return;
    scheduled = setTimeout(() => outside(runRounds), nudgeDelayMs);
  }

  const timer = setInterval(runRounds, options.intervalMs ?? 250);
  timer.unref();

  return {
    nudge,
    async drain() {
      for (;;) {
        runRounds();
        if (running) await running;
        if (inFlight.size > 0) await Promise.all(inFlight);
        const { rows } = await db.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= $1::timestamptz AND (lease_until IS NULL OR lease_until < $1::timestamptz)`,
          [isoAt(now())],
        );
        if (Number(rows[0]?.n ?? 0) === 0 && inFlight.size === 0 && !running) return;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      if (scheduled) clearTimeout(scheduled);
      if (running) await running;
      await Promise.all(inFlight);
    },
  };
}
