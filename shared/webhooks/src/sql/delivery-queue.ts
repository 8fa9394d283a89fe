import type { Queryable } from "@casemix/db";
import type { Delivery } from "../ports.ts";

/** A queued delivery as the sweeper claims it. */
export type QueuedDelivery = Delivery & {
  traceparent: string | null;
  attempts: number;
  budgetUsed: number;
  replay: boolean;
};

type QueueRow = {
  webhook_id: string; subscription_id: string; event_id: string; event_type: string; hospital_code: string | null; body: string;
  traceparent: string | null; attempts: number; budget_used: number; replay: boolean;
};

const toQueued = (r: QueueRow): QueuedDelivery => ({
  webhookId: r.webhook_id, subscriptionId: r.subscription_id, eventId: r.event_id, eventType: r.event_type, hospitalCode: r.hospital_code,
  body: r.body, traceparent: r.traceparent, attempts: Number(r.attempts), budgetUsed: Number(r.budget_used), replay: r.replay,
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
       SELECT webhook_id FROM webhook_deliveries
       WHERE status = 'pending' AND next_attempt_at <= $2::timestamptz AND (lease_until IS NULL OR lease_until < $2::timestamptz)
       ORDER BY next_attempt_at LIMIT $3
       FOR UPDATE SKIP LOCKED)
     UPDATE webhook_deliveries d SET lease_owner = $1, lease_until = $4::timestamptz, updated_at = now()
     FROM due WHERE d.webhook_id = due.webhook_id
     RETURNING d.webhook_id, d.subscription_id, d.event_id, d.event_type, d.hospital_code, d.body, d.traceparent, d.attempts, d.budget_used, d.replay`,
    [owner, now, limit, leaseUntil],
  );
  return rows.map(toQueued);
}

/** What an attempt leaves the queue row as. */
export type QueueUpdate = {
  attempts: number;
  budgetUsed: number;
  lastHttpStatus: number | null;
  lastErrorCode: string | null;
} & ({ status: "pending"; nextAttemptAt: string; keepLease: boolean } | { status: "delivered" | "dead" | "cancelled" });

/**
 * Applies an attempt's result, only while `owner` still holds the lease and the row is at the
 * attempt count it was claimed with. False: the lease was lost (expired and taken by another
 * replica); the caller rolls back, so the attempt number is never recorded twice.
 */
export async function updateClaimed(tx: Queryable, owner: string, webhookId: string, expectedAttempts: number, u: QueueUpdate): Promise<boolean> {
  const pending = u.status === "pending";
  const { rowCount } = await tx.query(
    `UPDATE webhook_deliveries SET status = $4, attempts = $5, budget_used = $6, last_http_status = $7, last_error_code = $8,
       next_attempt_at = coalesce($9::timestamptz, next_attempt_at),
       lease_owner = CASE WHEN $10 THEN lease_owner END, lease_until = CASE WHEN $10 THEN lease_until END,
       finished_at = CASE WHEN $4 = 'pending' THEN NULL ELSE now() END, updated_at = now()
     WHERE webhook_id = $1 AND lease_owner = $2 AND attempts = $3 AND status = 'pending'`,
    [webhookId, owner, expectedAttempts, u.status, u.attempts, u.budgetUsed, u.lastHttpStatus, u.lastErrorCode,
      pending ? u.nextAttemptAt : null, pending ? u.keepLease : false],
  );
  return rowCount === 1;
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
