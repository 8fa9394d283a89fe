import { createRoute, z } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { AppealDecisionSchema } from "@casemix/events";
import { newTraceparent } from "@casemix/runtime";
import { toAppeal, type AppealRow } from "../appeal-row.ts";
import { prepareApply, recordApplyBatch, type PreparedApply } from "../apply.ts";
import { CodingSchema } from "../coding.ts";
import { changesClaim } from "../states.ts";
import { insertOutbox, loadAppeal, moveAppeal, MoveRefused } from "../store.ts";
import { actorOf, AppealIdParamSchema, AppealSchema, errorBody, ErrorSchema, type AppealsApp, type AppealsDeps } from "./context.ts";

const BodySchema = z
  .strictObject({
    decision: AppealDecisionSchema,
    /** The coding the claim should carry (overturned, partly); none when upheld. */
    coding: CodingSchema.optional(),
    note: z.string().trim().max(2000).optional(),
  })
  .superRefine((b, ctx) => {
    if (changesClaim(b.decision) && !b.coding) ctx.addIssue({ code: "custom", path: ["coding"], message: `a decision of ${b.decision} needs the coding the claim should carry` });
    if (!changesClaim(b.decision) && b.coding) ctx.addIssue({ code: "custom", path: ["coding"], message: "an upheld result keeps the claim's coding: send no coding" });
  });

const route = createRoute({
  method: "post",
  path: "/v1/appeals/{appealId}/decide",
  summary: "Decide an appeal under review: upheld (the result stands) or overturned / partly (a new claim version with the coding given goes through the pipeline)",
  request: { params: AppealIdParamSchema, body: { required: true, content: { "application/json": { schema: BodySchema } } } },
  responses: {
    200: { description: "The decided appeal (upheld: already applied)", content: { "application/json": { schema: AppealSchema } } },
    404: { description: "No such appeal", content: { "application/json": { schema: ErrorSchema } } },
    409: { description: "Not under review (E_APPEAL_STATE), the claim moved on, or the coding changes nothing", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/**
 * A decision is a move to `decided`. Upheld is applied at once (nothing to redo: after = before).
 * Overturned and partly store the new version's landing chunk first, then record the decision, the
 * batch that carries the new version and its chunk event in one transaction; the appeal becomes
 * `applied` when that batch completes (handler.ts), with the new DRG and payment.
 */
export function registerDecide(app: AppealsApp, deps: AppealsDeps): void {
  app.openapi(route, async (c) => {
    const { appealId } = c.req.valid("param");
    const body = c.req.valid("json");
    const principal = c.get("principal");
    const db = deps.platform.db;
    const at = deps.platform.now();
    const traceparent = newTraceparent();
    try {
      const seen = await loadAppeal(db, appealId);
      if (!seen || !mayActFor(principal, "appeals.decide", seen.hospital_code)) return c.json(errorBody("E_APPEAL_NOT_FOUND", `no appeal ${appealId}`), 404);
      if (seen.state !== "under_review") throw new MoveRefused("E_APPEAL_STATE", `an appeal that is ${seen.state} cannot be decided; take it under review first`);
      const prepared = body.coding ? await prepareApply(db, deps.platform.store, seen, body.coding, at, traceparent) : undefined;
      const result = await db.transaction(async (tx) => {
        const appeal = (await loadAppeal(tx, appealId, true))!;
        const decided = await moveAppeal(tx, appeal, {
          to: "decided", actor: actorOf(principal), at, traceparent,
          patch: { reviewer: appeal.reviewer ?? principal.subject, decision: body.decision, decision_note: body.note ?? null, coding: body.coding ?? null, apply_batch_id: prepared?.batchId ?? null },
          detail: { decision: body.decision, coding: body.coding ?? null, note: body.note ?? null },
        });
        if (prepared) return startApply(tx, decided, prepared);
        return applyUpheld(tx, decided, at, traceparent);
      });
      return c.json(toAppeal(result), 200);
    } catch (error) {
      if (error instanceof MoveRefused) return c.json(errorBody(error.code, error.message), 409);
      throw error;
    }
  });
}

async function startApply(tx: Parameters<typeof recordApplyBatch>[0], appeal: AppealRow, prepared: PreparedApply): Promise<AppealRow> {
  await recordApplyBatch(tx, appeal, prepared);
  await insertOutbox(tx, [prepared.event]);
  return appeal;
}

/** Upheld: the result stands, so the appeal is applied at once with the same version, DRG and payment. */
async function applyUpheld(tx: Parameters<typeof recordApplyBatch>[0], appeal: AppealRow, at: Date, traceparent: string): Promise<AppealRow> {
  const same = { claimVersion: Number(appeal.claim_version), drg: appeal.before_drg, totalSen: appeal.before_total_sen };
  return moveAppeal(tx, appeal, {
    to: "applied", actor: { subject: "system:appeals" }, at, traceparent,
    patch: { after_version: same.claimVersion, after_drg: same.drg, after_total_sen: same.totalSen, after_run_id: null },
    detail: { unchanged: true },
    results: { before: same, after: same },
  });
}
