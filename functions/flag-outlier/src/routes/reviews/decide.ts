import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { audit, errorBody, ErrorSchema, ReviewSchema, toReview, type OutlierDeps, type OutlierVariables, type ReviewRow } from "../context.ts";

const ParamsSchema = z.object({
  claimId: z.string().regex(/^clm_[A-Za-z0-9_-]{1,64}$/).openapi({ example: "clm_01HX42" }),
  // Bounded by the column (integer): a larger number reached PostgreSQL and answered 500.
  version: z.coerce.number().int().positive().max(2 ** 31 - 1),
});

const bodyFor = (decision: "accept" | "reject") =>
  decision === "reject"
    ? z.object({ comment: z.string().trim().min(1, "a rejection needs a comment").max(2000), runId: z.string().default("") })
    : z.object({ comment: z.string().trim().max(2000).optional(), runId: z.string().default("") });

/**
 * Accepting a review clears the flags (the claim's payment stands); rejecting confirms them, with a
 * comment saying why. Either way the claim leaves review and becomes final (a final claim never
 * changes again: a correction or an appeal is a new version), and the decision is audited.
 */
function routeFor(decision: "accept" | "reject") {
  return createRoute({
    method: "post",
    path: `/v1/outlier-reviews/{claimId}/{version}/${decision}`,
    summary: decision === "accept" ? "Accept a flagged claim: its payment stands" : "Reject a flagged claim's payment, with a comment",
    request: { params: ParamsSchema, body: { content: { "application/json": { schema: bodyFor(decision) } }, required: decision === "reject" } },
    responses: {
      200: { description: "The decided review", content: { "application/json": { schema: ReviewSchema } } },
      404: { description: "No such review", content: { "application/json": { schema: ErrorSchema } } },
      409: { description: "Already decided", content: { "application/json": { schema: ErrorSchema } } },
    },
  });
}

export function registerDecideReview(app: OpenAPIHono<{ Variables: OutlierVariables }>, deps: OutlierDeps, decision: "accept" | "reject"): void {
  app.openapi(routeFor(decision), async (c) => {
    const { claimId, version } = c.req.valid("param");
    const body = (c.req.valid("json") ?? { runId: "" }) as { comment?: string; runId: string };
    const principal = c.get("principal");
    const status = decision === "accept" ? "accepted" : "rejected";
    const result = await deps.platform.db.transaction(async (tx) => {
      const { rows: found } = await tx.query<ReviewRow>(
        "SELECT * FROM outlier_review WHERE claim_id = $1 AND version = $2 AND run_id = $3 FOR UPDATE",
        [claimId, version, body.runId],
      );
      const review = found[0];
      // The policy decides whose reviews this token may decide; another hospital's is not found, not confirmed.
      if (!review || !mayActFor(principal, `outlier-reviews.${decision}`, review.hospital_code)) return { code: 404 as const };
      if (review.status !== "open") return { code: 409 as const, review };
      const { rows } = await tx.query<ReviewRow>(
        `UPDATE outlier_review SET status = $4, decided_by = $5, decided_at = now(), comment = $6
         WHERE claim_id = $1 AND version = $2 AND run_id = $3 RETURNING *`,
        [claimId, version, body.runId, status, principal.subject, body.comment ?? null],
      );
      // The claim row of that version, by the review's own (batch, row): a claim held because its
      // decision record was refused (E_VALUE_REFUSED) has none to go through.
      await tx.query("UPDATE claim_row SET state = 'final' WHERE batch_id = $1 AND row_no = $2 AND state = 'under_review'", [review.batch_id, review.row_no]);
      await audit(tx, principal, `outlier-reviews.${decision}`, `${claimId}/v${version}`, { runId: body.runId, comment: body.comment ?? null, flags: review.flags });
      return { code: 200 as const, review: rows[0] };
    });
    if (result.code === 404) return c.json(errorBody("E_REVIEW_NOT_FOUND", `no review of ${claimId} version ${version}`), 404);
    if (result.code === 409) return c.json(errorBody("E_REVIEW_DECIDED", `the review was already ${result.review.status} by ${result.review.decided_by}`), 409);
    return c.json(toReview(result.review), 200);
  });
}
