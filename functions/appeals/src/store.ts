import { appendAudit, withCaller, type Queryable } from "@casemix/db";
import { createEvent, EventTypes, type AppealState, type CasemixEvent } from "@casemix/events";
import type { AppealRow, ClaimResult } from "./appeal-row.ts";
import { refuseMove } from "./states.ts";

export const FUNCTION_NAME = "appeals";

/** Who moved an appeal: a person (their token) or the function itself (a deadline, the pipeline). */
export type Actor = { subject: string; roles?: readonly string[]; hospital?: string | null; requestId?: string | null };

export async function loadAppeal(q: Queryable, appealId: string, lock = false): Promise<AppealRow | undefined> {
  const { rows } = await q.query<AppealRow>(`SELECT * FROM appeal WHERE appeal_id = $1${lock ? " FOR UPDATE" : ""}`, [appealId]);
  return rows[0];
}

export async function insertOutbox(tx: Queryable, events: readonly CasemixEvent[]): Promise<void> {
  for (const e of withCaller(events)) await tx.query("INSERT INTO outbox (event) VALUES ($1::jsonb)", [JSON.stringify(e)]);
}

/** Columns a move may set besides the state (the decision, the results). */
export type MovePatch = Partial<Pick<AppealRow,
  "reviewer" | "decision" | "decision_note" | "coding" | "apply_batch_id" | "before_drg" | "before_total_sen" | "before_period" |
  "after_version" | "after_drg" | "after_total_sen" | "after_run_id" | "apply_error">>;

export type MoveOptions = {
  to: AppealState;
  actor: Actor;
  at: Date;
  patch?: MovePatch;
  detail?: Record<string, unknown>;
  /** Results and the adjustment run the transition event carries. */
  results?: { before?: ClaimResult; after?: ClaimResult; adjustmentRunId?: string };
  traceparent?: string;
};

export class MoveRefused extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Moves an appeal (locked by the caller's `loadAppeal(tx, id, true)`) in the caller's transaction: the
 * row, its transition record, the audit record with the actor, and `appeal.transitioned` in the outbox
 * (one webhook to the hospital per move). A move the state machine refuses throws {@link MoveRefused}.
 */
export async function moveAppeal(tx: Queryable, appeal: AppealRow, o: MoveOptions): Promise<AppealRow> {
  const refused = refuseMove(appeal.state, o.to);
  if (refused) throw new MoveRefused(refused.code, refused.message);
  const patch = { ...o.patch, state: o.to, state_since: o.at.toISOString(), escalated_at: null } as Record<string, unknown>;
  const columns = Object.keys(patch);
  const values = columns.map((c) => (c === "coding" || c === "apply_error") && patch[c] !== null ? JSON.stringify(patch[c]) : patch[c]);
  const { rows } = await tx.query<AppealRow>(
    `UPDATE appeal SET ${columns.map((c, i) => `${c} = $${i + 2}`).join(", ")} WHERE appeal_id = $1 RETURNING *`,
    [appeal.appeal_id, ...values],
  );
  const next = rows[0];
  const seq = await recordTransition(tx, appeal.appeal_id, appeal.state, o);
  await insertOutbox(tx, [transitionEvent(next, seq, appeal.state, o)]);
  return next;
}

/** The transition record and its audit record; returns the move's sequence number (1 is the filing). */
export async function recordTransition(tx: Queryable, appealId: string, from: AppealState | null, o: MoveOptions): Promise<number> {
  const { rows } = await tx.query<{ seq: number }>(
    `INSERT INTO appeal_transition (appeal_id, seq, from_state, to_state, actor, at, detail)
     SELECT $1, coalesce(max(seq), 0) + 1, $2, $3, $4, $5, $6::jsonb FROM appeal_transition WHERE appeal_id = $1 RETURNING seq`,
    [appealId, from, o.to, o.actor.subject, o.at.toISOString(), JSON.stringify(o.detail ?? {})],
  );
  await appendAudit(tx, {
    actor: o.actor.subject, roles: o.actor.roles ?? [], hospital: o.actor.hospital ?? null, action: `appeals.${o.to}`,
    object: appealId, requestId: o.actor.requestId ?? null, detail: { from, to: o.to, at: o.at.toISOString(), ...o.detail },
  });
  return Number(rows[0].seq);
}

export function transitionEvent(a: AppealRow, seq: number, from: AppealState | null, o: MoveOptions): CasemixEvent {
  const r = o.results ?? {};
  return createEvent({
    type: EventTypes.appealTransitioned, from: FUNCTION_NAME, causeId: a.appeal_id, key: String(seq), traceparent: o.traceparent,
    time: o.at.toISOString(),
    data: {
      appealId: a.appeal_id, claimId: a.claim_id, claimVersion: Number(a.claim_version), hospitalCode: a.hospital_code, seq, from, to: o.to,
      at: o.at.toISOString(), reasonCode: a.reason_code, ...(a.decision ? { decision: a.decision } : {}),
      ...(r.before ? { before: r.before } : {}), ...(r.after ? { after: r.after } : {}), ...(r.adjustmentRunId ? { adjustmentRunId: r.adjustmentRunId } : {}),
    },
  }) as CasemixEvent;
}
