import type { AppealDecision, AppealState } from "@casemix/events";
import type { Coding } from "./coding.ts";

/** An `appeal` row as read (numeric columns as PostgreSQL's text). */
export type AppealRow = {
  appeal_id: string;
  hospital_code: string;
  claim_id: string;
  claim_version: number;
  reason_code: string;
  reason_text: string;
  state: AppealState;
  state_since: string | Date;
  escalated_at: string | Date | null;
  filed_by: string;
  reviewer: string | null;
  decision: AppealDecision | null;
  decision_note: string | null;
  coding: Coding | null;
  apply_batch_id: string | null;
  before_drg: string | null;
  before_total_sen: string | null;
  before_period: string | null;
  after_version: number | null;
  after_drg: string | null;
  after_total_sen: string | null;
  after_run_id: string | null;
  apply_error: { code: string; message: string } | null;
  created_at: string | Date;
};

/** A claim version's result: its DRG and the payment in force for it. */
export type ClaimResult = { claimVersion: number; drg: string | null; totalSen: string | null };

const iso = (v: string | Date | null) => (v === null ? null : new Date(v).toISOString());

/** The appeal as the API shows it. */
export function toAppeal(r: AppealRow) {
  return {
    appealId: r.appeal_id, hospitalCode: r.hospital_code, claimId: r.claim_id, claimVersion: Number(r.claim_version),
    reasonCode: r.reason_code, reasonText: r.reason_text, state: r.state, stateSince: iso(r.state_since)!, escalatedAt: iso(r.escalated_at),
    filedBy: r.filed_by, reviewer: r.reviewer, decision: r.decision, decisionNote: r.decision_note, coding: r.coding,
    applyBatchId: r.apply_batch_id,
    before: r.before_period === null && r.before_drg === null ? null : { claimVersion: Number(r.claim_version), drg: r.before_drg, totalSen: r.before_total_sen, period: r.before_period },
    after: r.after_version === null ? null : { claimVersion: Number(r.after_version), drg: r.after_drg, totalSen: r.after_total_sen, runId: r.after_run_id },
    applyError: r.apply_error, createdAt: iso(r.created_at)!,
  };
}
export type Appeal = ReturnType<typeof toAppeal>;
