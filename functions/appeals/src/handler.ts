import { appendAudit, type Queryable } from "@casemix/db";
import {
  AppealDeadlinesReachedDataSchema, BatchCompletedDataSchema, createEvent, EventTypes, type AppealState, type CasemixEvent,
} from "@casemix/events";
import { invalid, type FunctionDefinition, type HandlerResult } from "@casemix/runtime";
import type { AppealRow } from "./appeal-row.ts";
import { deadlineOf, overdueAction, type Deadlines } from "./deadlines.ts";
import { claimResult } from "./results.ts";
import { FUNCTION_NAME, insertOutbox, loadAppeal, moveAppeal } from "./store.ts";

const SYSTEM = { subject: `system:${FUNCTION_NAME}` };
/** Appeals handled per deadline tick; the rest wait for the next tick (an hour), so one tick stays one short transaction. */
const PER_TICK = 500;

/**
 * The appeals function's events: the completion of a batch that carried an appeal's new claim version
 * (the appeal records the new version's DRG and payment and is applied), and the scheduler's deadline
 * check (appeals past their state's deadline are escalated, applied ones closed).
 */
export function createAppealsHandler(deadlines: Deadlines): FunctionDefinition {
  return {
    name: FUNCTION_NAME,
    handle: async (event, ctx) => {
      if (event.type === EventTypes.batchCompleted) return applied(event, ctx.db);
      if (event.type === EventTypes.appealDeadlinesReached) return overdue(event, deadlines);
      throw invalid("E_EVENT_TYPE", `appeals does not take ${event.type}`, "type");
    },
  };
}

async function applied(event: CasemixEvent, db: Queryable): Promise<HandlerResult> {
  const data = BatchCompletedDataSchema.parse(event.data);
  const appeal = (await db.query<AppealRow>("SELECT * FROM appeal WHERE apply_batch_id = $1", [data.batchId])).rows[0];
  if (!appeal || appeal.state !== "decided") return {};
  const { rows } = await db.query<{ claim_id: string; version: number | null; state: string; errors: unknown; adjustment_run_id: string | null }>(
    "SELECT claim_id, version, state, errors, adjustment_run_id FROM claim_row WHERE batch_id = $1 AND row_no = 1", [data.batchId],
  );
  const row = rows[0];
  const at = new Date(event.time ?? Date.now());
  if (!row || row.version === null || !["final", "under_review"].includes(row.state)) {
    // The new version was refused (a code the code set lacks, ungroupable): the appeal stays decided,
    // with the reason, and its deadline escalates it to the reviewer.
    const error = { code: `E_APPEAL_APPLY_${(row?.state ?? "missing").toUpperCase()}`, message: `the new claim version ended ${row?.state ?? "missing"}`, errors: row?.errors ?? null };
    return {
      write: async (tx) => {
        await tx.query("UPDATE appeal SET apply_error = $2::jsonb WHERE appeal_id = $1 AND state = 'decided'", [appeal.appeal_id, JSON.stringify(error)]);
        await appendAudit(tx, { actor: SYSTEM.subject, action: "appeals.apply-failed", object: appeal.appeal_id, detail: error });
      },
    };
  }
  const after = await claimResult(db, row.claim_id, Number(row.version));
  const before = { claimVersion: Number(appeal.claim_version), drg: appeal.before_drg, totalSen: appeal.before_total_sen };
  return {
    write: async (tx) => {
      const locked = await loadAppeal(tx, appeal.appeal_id, true);
      if (locked?.state !== "decided") return;
      await moveAppeal(tx, locked, {
        to: "applied", actor: SYSTEM, at, traceparent: event.traceparent,
        patch: { after_version: after.claimVersion, after_drg: after.drg, after_total_sen: after.totalSen, after_run_id: after.runId, apply_error: null },
        detail: { batchId: data.batchId, afterVersion: after.claimVersion },
        results: {
          before, after: { claimVersion: after.claimVersion, drg: after.drg, totalSen: after.totalSen },
          ...(row.adjustment_run_id ? { adjustmentRunId: row.adjustment_run_id } : {}),
        },
      });
    },
  };
}

/** Every open appeal past its state's deadline at the tick's time: escalated once per state, or closed when applied. */
async function overdue(event: CasemixEvent, deadlines: Deadlines): Promise<HandlerResult> {
  const at = new Date(AppealDeadlinesReachedDataSchema.parse(event.data).at);
  return {
    write: async (tx) => {
      for (const [state, ms] of Object.entries(deadlines) as [AppealState, number][]) {
        const { rows } = await tx.query<AppealRow>(
          `SELECT * FROM appeal WHERE state = $1 AND escalated_at IS NULL AND state_since <= $2 ORDER BY state_since LIMIT ${PER_TICK} FOR UPDATE`,
          [state, new Date(at.getTime() - ms).toISOString()],
        );
        for (const appeal of rows) {
          if (overdueAction(state) === "close") await moveAppeal(tx, appeal, { to: "closed", actor: SYSTEM, at, traceparent: event.traceparent, detail: { reason: "deadline" } });
          else await escalate(tx, appeal, deadlineOf(deadlines, state, new Date(appeal.state_since))!, at, event.traceparent);
        }
      }
    },
  };
}

async function escalate(tx: Queryable, appeal: AppealRow, deadline: Date, at: Date, traceparent?: string): Promise<void> {
  await tx.query("UPDATE appeal SET escalated_at = $2 WHERE appeal_id = $1", [appeal.appeal_id, at.toISOString()]);
  const stateSince = new Date(appeal.state_since).toISOString();
  await appendAudit(tx, { actor: SYSTEM.subject, action: "appeals.escalate", object: appeal.appeal_id, detail: { state: appeal.state, stateSince, deadline: deadline.toISOString() } });
  await insertOutbox(tx, [createEvent({
    type: EventTypes.appealEscalated, from: FUNCTION_NAME, causeId: appeal.appeal_id, key: `${appeal.state}@${stateSince}`, traceparent, time: at.toISOString(),
    data: {
      appealId: appeal.appeal_id, claimId: appeal.claim_id, claimVersion: Number(appeal.claim_version), hospitalCode: appeal.hospital_code,
      state: appeal.state, stateSince, deadline: deadline.toISOString(), escalatedAt: at.toISOString(),
    },
  }) as CasemixEvent]);
}
