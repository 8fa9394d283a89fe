import type { Queryable } from "@casemix/db";
import { webhookError } from "../errors.ts";
import type { DeadLetter, DeadLetterStore } from "../ports.ts";
import { scopeOf, toDeadLetter, type DeadLetterRow } from "./rows.ts";

/** Inserts or replaces the dead letter of a webhook id (a replay that fails again replaces it). */
export async function putDeadLetter(q: Queryable, d: DeadLetter): Promise<void> {
  await q.query(
    `INSERT INTO webhook_dead_letters (webhook_id, subscription_id, event_id, event_type, hospital_code, body, reason, attempts,
       last_http_status, last_error_code, dead_at, status, replayed_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::timestamptz, $12, $13::timestamptz)
     ON CONFLICT (webhook_id) DO UPDATE SET reason = excluded.reason, attempts = excluded.attempts,
       last_http_status = excluded.last_http_status, last_error_code = excluded.last_error_code, dead_at = excluded.dead_at,
       status = excluded.status, replayed_at = excluded.replayed_at`,
    [d.webhookId, d.subscriptionId, d.eventId, d.eventType, d.hospitalCode, d.body, d.reason, d.attempts, d.lastHttpStatus, d.lastErrorCode, d.deadAt, d.status, d.replayedAt],
  );
}

/** Dead letters in `webhook_dead_letters`, scoped by caller like the in-memory store. */
export function createSqlDeadLetterStore(db: Queryable): DeadLetterStore {
  return {
    put: (entry) => putDeadLetter(db, entry),
    async list(caller, filter = {}) {
      const { rows } = await db.query<DeadLetterRow>(
        `SELECT * FROM webhook_dead_letters
         WHERE ($1::text IS NULL OR hospital_code = $1) AND ($2::text IS NULL OR subscription_id = $2) AND ($3::text IS NULL OR status = $3)
         ORDER BY dead_at, webhook_id`,
        [scopeOf(caller), filter.subscriptionId ?? null, filter.status ?? null],
      );
      return rows.map(toDeadLetter);
    },
    async get(caller, webhookId) {
      const { rows } = await db.query<DeadLetterRow>(
        "SELECT * FROM webhook_dead_letters WHERE webhook_id = $1 AND ($2::text IS NULL OR hospital_code = $2)",
        [webhookId, scopeOf(caller)],
      );
      return rows[0] ? { ok: true, value: toDeadLetter(rows[0]) } : { ok: false, error: webhookError("E_DEAD_LETTER_NOT_FOUND", `no dead letter ${webhookId}`) };
    },
    async markReplayed(webhookId, at) {
      await db.query("UPDATE webhook_dead_letters SET status = 'replayed', replayed_at = $2::timestamptz WHERE webhook_id = $1 AND status = 'dead'", [webhookId, at]);
    },
  };
}
