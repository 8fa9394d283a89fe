import type { Queryable, StoredEvent } from "@casemix/db";
import type { AttemptRecord, Delivery, Subscription } from "../ports.ts";
import { toSubscription, type SubscriptionRow } from "./rows.ts";

const SUB_COLUMNS = ["id", "target", "hospital_code", "url", "event_types", "auth_kind", "credentials_id", "signing_key_ids", "status", "disabled_reason", "created_at", "updated_at"] as const;
const unprefix = (r: Record<string, unknown>) => Object.fromEntries(SUB_COLUMNS.map((c) => [c, r[`s_${c}`]])) as SubscriptionRow;

/** A queued delivery as the sweeper claims it. */
export type QueuedDelivery = Delivery & {
  /** The subscription as read at claim time; null when it was removed. */
  subscription: Subscription | null;
  traceparent: string | null;
  attempts: number;
  budgetUsed: number;
  replay: boolean;
};

type QueueRow = Partial<Record<`s_${keyof SubscriptionRow}`, unknown>> & {
  webhook_id: string; subscription_id: string; event_id: string; event_type: string; hospital_code: string | null; body: string;
  traceparent: string | null; attempts: number; budget_used: number; replay: boolean;
};

const toQueued = (r: QueueRow): QueuedDelivery => ({
  webhookId: r.webhook_id, subscriptionId: r.subscription_id, eventId: r.event_id, eventType: r.event_type, hospitalCode: r.hospital_code,
  body: r.body, traceparent: r.traceparent, subscription: r.s_id ? toSubscription(unprefix(r)) : null, attempts: Number(r.attempts), budgetUsed: Number(r.budget_used), replay: r.replay,
});

/**
 * Enqueues deliveries in one statement, due at `at`. The webhook id is the key: a redelivered event
 * (same event id, same subscriptions) adds nothing. Returns how many rows were new.
 */
export async function enqueueDeliveries(tx: Queryable, deliveries: readonly (Delivery & { traceparent?: string | null })[], at: string): Promise<number> {
  if (deliveries.length === 0) return 0;
  const col = <K extends keyof (Delivery & { traceparent?: string | null })>(k: K) => deliveries.map((d) => d[k] ?? null);
  const { rowCount } = await tx.query(
    `INSERT INTO webhook_deliveries (webhook_id, subscription_id, event_id, event_type, hospital_code, body, traceparent, next_attempt_at)
     SELECT w, s, e, t, h, b, tp, $8::timestamptz
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS u(w, s, e, t, h, b, tp)
     ON CONFLICT (webhook_id) DO NOTHING`,
    [col("webhookId"), col("subscriptionId"), col("eventId"), col("eventType"), col("hospitalCode"), col("body"), col("traceparent"), at],
  );
  return rowCount;
}

/**
 * Claims up to `limit` due deliveries for `owner` until `leaseUntil`. `FOR UPDATE SKIP LOCKED` lets
 * replicas claim side by side; a row leased by another owner is skipped until its lease runs out
 * (its owner died mid-attempt), so one attempt is never sent by two replicas at once.
 */
export async function claimDueDeliveries(db: Queryable, owner: string, limit: number, now: string, leaseUntil: string): Promise<QueuedDelivery[]> {
  const { rows } = await db.query<QueueRow>(
    `WITH due AS (
       SELECT webhook_id, subscription_id FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $2::timestamptz AND (lease_until IS NULL OR lease_until < $2::timestamptz)
       ORDER BY next_attempt_at LIMIT $3
       FOR UPDATE SKIP LOCKED)
     UPDATE webhook_deliveries d SET lease_owner = $1, lease_until = $4::timestamptz, updated_at = now()
     FROM due LEFT JOIN webhook_subscriptions s ON s.id = due.subscription_id
     WHERE d.webhook_id = due.webhook_id
     RETURNING d.webhook_id, d.subscription_id, d.event_id, d.event_type, d.hospital_code, d.body, d.traceparent, d.attempts, d.budget_used, d.replay,
       ${SUB_COLUMNS.map((c) => `s.${c} AS s_${c}`).join(", ")}`,
    [owner, now, limit, leaseUntil],
  );
  return rows.map(toQueued);
}

/** What an attempt leaves the queue row as. */
export type QueueUpdate = {
  webhookId: string;
  /** The attempt count the row was claimed at (the guard). */
  expectedAttempts: number;
  attempts: number;
  budgetUsed: number;
  lastHttpStatus: number | null;
  lastErrorCode: string | null;
} & ({ status: "pending"; nextAttemptAt: string; keepLease: boolean } | { status: "delivered" | "dead" | "cancelled" });

/**
 * Applies attempts' results in ONE statement (atomic without a transaction): the queue rows, each
 * only while `owner` still holds its lease and the row is at the attempt count it was claimed with;
 * the attempt rows and the outbox events of the rows that were applied. Returns the webhook ids
 * applied; one missing lost its lease (expired and taken by another replica), so nothing of it is
 * written and an attempt number is never recorded twice. One statement instead of five per batch:
 * on PGlite every statement costs, and attempts end one by one.
 */
export async function commitAttempts(
  q: Queryable, owner: string, updates: readonly QueueUpdate[], records: readonly AttemptRecord[],
  events: readonly { webhookId: string; event: StoredEvent }[],
): Promise<Set<string>> {
  if (updates.length === 0) return new Set();
  const u = <T>(f: (u: QueueUpdate) => T) => updates.map(f);
  const a = <T>(f: (a: AttemptRecord) => T) => records.map(f);
  const { rows } = await q.query<{ webhook_id: string }>(
    `WITH upd AS (
       UPDATE webhook_deliveries d SET status = u.status, attempts = u.attempts, budget_used = u.budget_used,
         last_http_status = u.http, last_error_code = u.code, next_attempt_at = coalesce(u.next_at, d.next_attempt_at),
         lease_owner = CASE WHEN u.keep THEN d.lease_owner END, lease_until = CASE WHEN u.keep THEN d.lease_until END,
         finished_at = CASE WHEN u.status = 'pending' THEN NULL ELSE now() END, updated_at = now()
       FROM unnest($2::text[], $3::int[], $4::text[], $5::int[], $6::int[], $7::int[], $8::text[], $9::timestamptz[], $10::boolean[])
         AS u(id, expected, status, attempts, budget_used, http, code, next_at, keep)
       WHERE d.webhook_id = u.id AND d.lease_owner = $1 AND d.attempts = u.expected AND d.status = 'pending'
       RETURNING d.webhook_id),
     att AS (
       INSERT INTO webhook_attempts (webhook_id, attempt, subscription_id, event_id, started_at, duration_ms, outcome, http_status,
         error_code, error_message, next_delay_ms, replay)
       SELECT * FROM unnest($11::text[], $12::int[], $13::text[], $14::text[], $15::timestamptz[], $16::float8[], $17::text[], $18::int[],
         $19::text[], $20::text[], $21::int[], $22::boolean[]) AS a(webhook_id)
       WHERE a.webhook_id IN (SELECT webhook_id FROM upd)),
     ob AS (
       INSERT INTO outbox (event)
       SELECT e.value -> 'event' FROM jsonb_array_elements($23::jsonb) WITH ORDINALITY AS e(value, n)
       WHERE e.value ->> 'webhookId' IN (SELECT webhook_id FROM upd) ORDER BY e.n)
     SELECT webhook_id FROM upd`,
    [owner, u((x) => x.webhookId), u((x) => x.expectedAttempts), u((x) => x.status), u((x) => x.attempts), u((x) => x.budgetUsed),
      u((x) => x.lastHttpStatus), u((x) => x.lastErrorCode), u((x) => (x.status === "pending" ? x.nextAttemptAt : null)),
      u((x) => (x.status === "pending" ? x.keepLease : false)),
      a((r) => r.webhookId), a((r) => r.attempt), a((r) => r.subscriptionId), a((r) => r.eventId), a((r) => r.startedAt), a((r) => r.durationMs),
      a((r) => r.outcome), a((r) => r.httpStatus), a((r) => r.errorCode), a((r) => r.errorMessage), a((r) => r.nextDelayMs), a((r) => r.replay),
      JSON.stringify(events)],
  );
  return new Set(rows.map((r) => r.webhook_id));
}

/**
 * Puts a dead delivery back in the queue for a replay: due now, a fresh retry budget, flagged as a
 * replay. Same webhook id and body. False when there is no dead delivery of that id.
 */
export async function requeueForReplay(tx: Queryable, webhookId: string, now: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries SET status = 'pending', budget_used = 0, replay = true, next_attempt_at = $2::timestamptz,
       lease_owner = NULL, lease_until = NULL, finished_at = NULL, updated_at = now()
     WHERE webhook_id = $1 AND status = 'dead'`,
    [webhookId, now],
  );
  return rowCount === 1;
}

/** Counts of queue rows by status (operators, tests, the benchmark). */
export async function queueCounts(db: Queryable): Promise<Record<string, number>> {
  const { rows } = await db.query<{ status: string; n: number }>("SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status");
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
