import { z } from "@hono/zod-openapi";
import type { Principal } from "@casemix/auth";
import { currentCaller } from "@casemix/db";
import { AppealDecisionSchema, AppealStateSchema } from "@casemix/events";
import type { Platform } from "@casemix/runtime";
import type { RawObjects } from "@casemix/storage";
import type { AppealsEnv } from "../env.ts";
import type { Scanner } from "../evidence/scan.ts";
import type { Actor } from "../store.ts";

/** `evidence`: the evidence files' store, envelope-encrypted (shared/storage RawObjects). */
export type AppealsDeps = { platform: Platform; env: AppealsEnv; scanner: Scanner; evidence: RawObjects };
export type AppealsVariables = { principal: Principal };

export const errorBody = (code: string, message: string, field?: string) => ({ error: { code, message, ...(field ? { field } : {}) } });
export const ErrorSchema = z.object({ error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) }).openapi("Error");

export const AppealIdParamSchema = z.object({
  appealId: z.string().regex(/^apl_[a-f0-9]{24}$/, "must be an appeal id (apl_ and 24 hex digits)").openapi({ param: { name: "appealId", in: "path" }, example: "apl_0123456789abcdef01234567" }),
});

/** The person acting, for transition records and the audit trail. */
export const actorOf = (p: Principal): Actor => ({ subject: p.subject, roles: p.roles, hospital: p.hospital ?? null, requestId: currentCaller()?.requestId ?? null });

const ResultSchema = z.object({ claimVersion: z.number().int(), drg: z.string().nullable(), totalSen: z.string().nullable() });

export const AppealSchema = z
  .object({
    appealId: z.string(), hospitalCode: z.string(), claimId: z.string(), claimVersion: z.number().int(),
    reasonCode: z.string(), reasonText: z.string(), state: AppealStateSchema, stateSince: z.string(), escalatedAt: z.string().nullable(),
    filedBy: z.string(), reviewer: z.string().nullable(), decision: AppealDecisionSchema.nullable(), decisionNote: z.string().nullable(),
    coding: z.record(z.string(), z.unknown()).nullable(), applyBatchId: z.string().nullable(),
    before: ResultSchema.extend({ period: z.string().nullable() }).nullable().openapi({ description: "The appealed version's DRG and payment" }),
    after: ResultSchema.extend({ runId: z.string().nullable() }).nullable().openapi({ description: "The new version's, once applied (upheld: the same as before)" }),
    applyError: z.record(z.string(), z.unknown()).nullable(), createdAt: z.string(),
  })
  .openapi("Appeal");

export const TransitionSchema = z.object({ seq: z.number().int(), from: AppealStateSchema.nullable(), to: AppealStateSchema, actor: z.string(), at: z.string() }).openapi("AppealTransition");
export const EvidenceSchema = z
  .object({ evidenceId: z.string(), fileName: z.string(), mediaType: z.string(), bytes: z.number().int(), sha256: z.string(), scanner: z.string(), uploadedBy: z.string(), createdAt: z.string() })
  .openapi("AppealEvidence");

export type AppealsApp = import("@hono/zod-openapi").OpenAPIHono<{ Variables: AppealsVariables }>;
