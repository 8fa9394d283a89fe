import { randomBytes } from "node:crypto";
import { createRoute, z } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { DbError } from "@casemix/db";
import { toAppeal, type AppealRow } from "../appeal-row.ts";
import { claimResult, loadClaim } from "../results.ts";
import { insertOutbox, recordTransition, transitionEvent } from "../store.ts";
import { actorOf, AppealSchema, errorBody, ErrorSchema, type AppealsApp, type AppealsDeps } from "./context.ts";

/** Why a hospital appeals (the event contract takes any `A_...` code; the API these). */
export const REASON_CODES = ["A_WRONG_PDX", "A_WRONG_SDX", "A_WRONG_PROCEDURE", "A_GROUPING", "A_PAYMENT", "A_OUTLIER", "A_OTHER"] as const;

const BodySchema = z.strictObject({
  claimId: z.string().regex(/^clm_[A-Za-z0-9_-]{1,64}$/).openapi({ example: "clm_3f2a9c1d0b7e6a54" }),
  claimVersion: z.number().int().positive().max(2 ** 31 - 1),
  reasonCode: z.enum(REASON_CODES),
  reasonText: z.string().trim().min(1, "say why the result is wrong").max(2000),
});

const route = createRoute({
  method: "post",
  path: "/v1/appeals",
  summary: "File an appeal on a claim version (its hospital only); evidence files follow at /evidence",
  request: { body: { required: true, content: { "application/json": { schema: BodySchema } } } },
  responses: {
    201: { description: "The filed appeal", content: { "application/json": { schema: AppealSchema } } },
    404: { description: "No such claim of this hospital", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "Not the claim's current version, not priced yet, or an appeal on it is open", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerFile(app: AppealsApp, deps: AppealsDeps): void {
  app.openapi(route, async (c) => {
    const body = c.req.valid("json");
    const principal = c.get("principal");
    const claim = await loadClaim(deps.platform.db, body.claimId);
    // Another hospital's claim is not found, not confirmed.
    if (!claim || !mayActFor(principal, "appeals.file", claim.hospital_code)) return c.json(errorBody("E_CLAIM_NOT_FOUND", `no claim ${body.claimId} of this hospital`, "claimId"), 404);
    if (Number(claim.current_version) !== body.claimVersion) {
      return c.json(errorBody("E_APPEAL_NOT_CURRENT", `claim ${body.claimId} is at version ${claim.current_version}: appeal its current version`, "claimVersion"), 409);
    }
    if (!["final", "under_review"].includes(claim.state)) {
      return c.json(errorBody("E_APPEAL_CLAIM_NOT_SETTLED", `claim ${body.claimId} is ${claim.state}: only a grouped and priced claim has a result to appeal`, "claimId"), 409);
    }
    const before = await claimResult(deps.platform.db, body.claimId, body.claimVersion);
    const at = deps.platform.now();
    const appealId = `apl_${randomBytes(12).toString("hex")}`;
    try {
      const row = await deps.platform.db.transaction(async (tx) => {
        const { rows } = await tx.query<AppealRow>(
          `INSERT INTO appeal (appeal_id, hospital_code, claim_id, claim_version, reason_code, reason_text, state, state_since, filed_by,
             before_drg, before_total_sen, before_period, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, 'filed', $7, $8, $9, $10, $11, $7) RETURNING *`,
          [appealId, claim.hospital_code, body.claimId, body.claimVersion, body.reasonCode, body.reasonText, at.toISOString(), principal.subject,
            before.drg, before.totalSen, claim.period],
        );
        const options = { to: "filed" as const, actor: actorOf(principal), at, detail: { claimId: body.claimId, claimVersion: body.claimVersion, reasonCode: body.reasonCode } };
        const seq = await recordTransition(tx, appealId, null, options);
        const result = { claimVersion: before.claimVersion, drg: before.drg, totalSen: before.totalSen };
        await insertOutbox(tx, [transitionEvent(rows[0], seq, null, { ...options, results: { before: result } })]);
        return rows[0];
      });
      return c.json(toAppeal(row), 201);
    } catch (error) {
      if (error instanceof DbError && error.sqlState === "23505") {
        return c.json(errorBody("E_APPEAL_OPEN", `an appeal on ${body.claimId} version ${body.claimVersion} is already open`, "claimId"), 409);
      }
      throw error;
    }
  });
}
