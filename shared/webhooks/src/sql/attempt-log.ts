import type { Queryable } from "@casemix/db";
import type { AttemptLog, AttemptRecord } from "../ports.ts";
import { toAttempt, type AttemptRow } from "./rows.ts";

/** Inserts one attempt row (inside the caller's transaction when given a `tx`). */
export async function insertAttempt(q: Queryable, a: AttemptRecord): Promise<void> {
  await q.query(
    `INSERT INTO webhook_attempts (webhook_id, attempt, subscription_id, event_id, started_at, duration_ms, outcome, http_status,
       error_code, error_message, next_delay_ms, replay)
     VALUES ($1, $2, $3, $4, $5::timestamptz, $6, $7, $8, $9, $10, $11, $12)`,
    [a.webhookId, a.attempt, a.subscriptionId, a.eventId, a.startedAt, a.durationMs, a.outcome, a.httpStatus, a.errorCode, a.errorMessage, a.nextDelayMs, a.replay],
  );
}

/**
 * The attempt log in `webhook_attempts`: append-only, primary key (webhook_id, attempt), so two
 * writers can never record the same attempt number twice.
 */
export function createSqlAttemptLog(db: Queryable): AttemptLog {
  return {
    record: (attempt) => insertAttempt(db, attempt),
    async list(webhookId) {
      const { rows } = await db.query<AttemptRow>("SELECT * FROM webhook_attempts WHERE webhook_id = $1 ORDER BY attempt", [webhookId]);
      return rows.map(toAttempt);
    },
    async hasDelivered(webhookId) {
      const { rows } = await db.query("SELECT 1 FROM webhook_attempts WHERE webhook_id = $1 AND outcome = 'delivered' LIMIT 1", [webhookId]);
      return rows.length > 0;
    },
  };
}
