import { auditCall, type Db } from "@casemix/db";
import { webhookError, type Result } from "../errors.ts";
import type { Caller } from "../ports.ts";
import { requeueForReplay } from "./delivery-queue.ts";
import { scopeOf } from "./rows.ts";

/** What a replay request did. */
export type ReplayQueued = { webhookId: string; status: "queued" };

/**
 * Replays a dead letter durably: the delivery goes back into the queue (same webhook id and body, a
 * fresh retry budget) and the running sweeper sends it; on success the dead letter turns `replayed`.
 * Scoped by caller: another hospital's dead letter is not found. Used by the REST API and the CLI,
 * which therefore needs no credentials of its own.
 */
export async function replayDeadLetter(db: Db, caller: Caller, webhookId: string, now: Date = new Date()): Promise<Result<ReplayQueued>> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<{ status: string }>(
      "SELECT status FROM webhook_dead_letters WHERE webhook_id = $1 AND ($2::text IS NULL OR hospital_code = $2) FOR UPDATE",
      [webhookId, scopeOf(caller)],
    );
    const letter = rows[0];
    if (!letter) return { ok: false, error: webhookError("E_DEAD_LETTER_NOT_FOUND", `no dead letter ${webhookId}`) };
    if (letter.status === "replayed") return { ok: false, error: webhookError("E_DEAD_LETTER_REPLAYED", `${webhookId} was already replayed and delivered`) };
    if (!(await requeueForReplay(tx, webhookId, now.toISOString()))) {
      return { ok: false, error: webhookError("E_REPLAY_PENDING", `${webhookId} is already queued again`, true) };
    }
    await auditCall(tx, "webhooks.dead-letters.replay", webhookId);
    return { ok: true, value: { webhookId, status: "queued" } };
  });
}
