import type { Queryable } from "@casemix/db";
import type { AttemptLog, AttemptRecord } from "../ports.ts";
import { toAttempt, type AttemptRow } from "./rows.ts";

/** Inserts attempt rows in one statement (inside the caller's transaction when given a `tx`). */
export async function insertAttempts(q: Queryable, records: readonly AttemptRecord[]): Promise<void> {
  if (records.length === 0) return;
  const col = <T>(f: (a: AttemptRecord) => T) => records.map(f);
  await q.query(
    `INSERT INTO webhook_attempts (webhook_id, attempt, subscription_id, event_id, started_at, duration_ms, outcome, http_status,
       error_code, error_message, next_delay_ms, replay)
     SELECT * FROM unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::timestamptz[], $6::float8[], $7::text[], $8::int[],
       $9::text[], $10::text[], $11::int[], $12::boolean[])`,
    [col((a) => a.webhookId), col((a) => a.attempt), col((a) => a.subscriptionId), col((a) => a.eventId), col((a) => a.startedAt), col((a) => a.durationMs),
      col((a) => a.outcome), col((a) => a.httpStatus), col((a) => a.errorCode), col((a) => a.errorMessage), col((a) => a.nextDelayMs), col((a) => a.replay)],
  );
}

/**
 * The attempt log in `webhook_attempts`: append-only, primary key (webhook_id, attempt), so two
 * writers can never record the same attempt number twice.
 */
export function createSqlAttemptLog(db: Queryable): AttemptLog {
  return {
    record: (attempt) => insertAttempts(db, [attempt]),
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
