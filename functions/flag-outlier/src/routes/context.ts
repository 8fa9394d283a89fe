import { z } from "@hono/zod-openapi";
import type { Principal } from "@casemix/auth";
import type { Queryable } from "@casemix/db";
import { auditRequest, type Platform } from "@casemix/runtime";

export type OutlierDeps = { platform: Platform };
export type OutlierVariables = { principal: Principal };

export const errorBody = (code: string, message: string) => ({ error: { code, message } });

export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) }).openapi("Error");

/** Appends to the audit trail (audit_record, hash-chained) inside the caller's transaction (or alone). */
export async function audit(db: Queryable, principal: Principal, action: string, subject: string, detail: Record<string, unknown>): Promise<void> {
  await auditRequest(db, principal, action, subject, detail);
}

export const FlagSchema = z.object({ kind: z.string(), reason: z.string(), baselineId: z.string().nullable() }).openapi("Flag");

export const ReviewSchema = z
  .object({
    claimId: z.string(),
    version: z.number().int(),
    runId: z.string(),
    hospitalCode: z.string(),
    period: z.string().nullable(),
    batchId: z.string(),
    flags: z.array(FlagSchema),
    baselineId: z.string().nullable(),
    status: z.enum(["open", "accepted", "rejected"]),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    comment: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi("OutlierReview");

export type ReviewRow = {
  claim_id: string; version: number; run_id: string; hospital_code: string; period: string | null; batch_id: string; row_no: number;
  flags: z.infer<typeof FlagSchema>[]; baseline_id: string | null; status: "open" | "accepted" | "rejected";
  decided_by: string | null; decided_at: string | null; comment: string | null; created_at: string;
};

export const toReview = (r: ReviewRow): z.infer<typeof ReviewSchema> => ({
  claimId: r.claim_id, version: Number(r.version), runId: r.run_id, hospitalCode: r.hospital_code, period: r.period,
  batchId: r.batch_id, flags: r.flags, baselineId: r.baseline_id, status: r.status, decidedBy: r.decided_by,
  decidedAt: r.decided_at === null ? null : new Date(r.decided_at).toISOString(), comment: r.comment,
  createdAt: new Date(r.created_at).toISOString(),
});
