import { createRoute, z } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import type { AppealState } from "@casemix/events";
import { toAppeal } from "../appeal-row.ts";
import { loadAppeal, moveAppeal, MoveRefused } from "../store.ts";
import { actorOf, AppealIdParamSchema, AppealSchema, errorBody, ErrorSchema, type AppealsApp, type AppealsDeps } from "./context.ts";

/** The moves that are one call with at most a comment: who may make them is the policy's action. */
const SIMPLE_MOVES = [
  { verb: "review", to: "under_review", action: "appeals.review", summary: "Take a filed appeal under review (a ministry reviewer)" },
  { verb: "withdraw", to: "withdrawn", action: "appeals.withdraw", summary: "Withdraw an appeal before its decision (its hospital); nothing about the claim changes" },
  { verb: "close", to: "closed", action: "appeals.close", summary: "Close an applied appeal (its hospital accepts the outcome, or the reviewer)" },
] as const satisfies readonly { verb: string; to: AppealState; action: string; summary: string }[];

const BodySchema = z.strictObject({ comment: z.string().trim().max(2000).optional() });

export function registerMoves(app: AppealsApp, deps: AppealsDeps): void {
  for (const move of SIMPLE_MOVES) {
    const route = createRoute({
      method: "post",
      path: `/v1/appeals/{appealId}/${move.verb}`,
      summary: move.summary,
      request: { params: AppealIdParamSchema, body: { required: false, content: { "application/json": { schema: BodySchema } } } },
      responses: {
        200: { description: "The appeal after the move", content: { "application/json": { schema: AppealSchema } } },
        404: { description: "No such appeal of this hospital", content: { "application/json": { schema: ErrorSchema } } },
        409: { description: "The appeal's state does not allow this move (E_APPEAL_STATE)", content: { "application/json": { schema: ErrorSchema } } },
      },
    });
    app.openapi(route, async (c) => {
      const { appealId } = c.req.valid("param");
      const body = (c.req.valid("json") ?? {}) as { comment?: string };
      const principal = c.get("principal");
      try {
        const result = await deps.platform.db.transaction(async (tx) => {
          const appeal = await loadAppeal(tx, appealId, true);
          if (!appeal || !mayActFor(principal, move.action, appeal.hospital_code)) return undefined;
          return moveAppeal(tx, appeal, {
            to: move.to, actor: actorOf(principal), at: deps.platform.now(),
            ...(move.to === "under_review" ? { patch: { reviewer: principal.subject } } : {}),
            detail: body.comment ? { comment: body.comment } : {},
          });
        });
        if (!result) return c.json(errorBody("E_APPEAL_NOT_FOUND", `no appeal ${appealId} of this hospital`), 404);
        return c.json(toAppeal(result), 200);
      } catch (error) {
        if (error instanceof MoveRefused) return c.json(errorBody(error.code, error.message), 409);
        throw error;
      }
    });
  }
}
