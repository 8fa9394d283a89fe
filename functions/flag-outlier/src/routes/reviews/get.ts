import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { audit, ErrorSchema, ReviewSchema, toReview, type OutlierDeps, type OutlierVariables, type ReviewRow } from "../context.ts";

/** A page cursor as this route writes it: `<created_at ISO>|<claim id>`. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|clm_[A-Za-z0-9_-]{1,64}$/;

const QuerySchema = z.object({
  status: z.enum(["open", "accepted", "rejected"]).default("open"),
  hospital: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/).optional().openapi({ example: "H10-DEC915" }),
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "must be YYYY-MM").optional().openapi({ example: "2027-01" }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Keyset cursor: the `next` of the previous page. Checked here: a malformed one reached the SQL cast and answered 500. */
  after: z
    .string()
    .regex(CURSOR, "must be the `next` of the previous page")
    .refine((s) => !Number.isNaN(Date.parse(s.slice(0, s.indexOf("|")))), "must be the `next` of the previous page")
    .optional()
    .openapi({ example: "2027-02-01T00:06:12.000Z|clm_01HX42" }),
});

const route = createRoute({
  method: "get",
  path: "/v1/outlier-reviews",
  summary: "The review queue: flagged claims with their reasons, oldest first",
  request: { query: QuerySchema },
  responses: {
    200: { description: "A page of reviews", content: { "application/json": { schema: z.object({ reviews: z.array(ReviewSchema), next: z.string().nullable() }) } } },
    403: { description: "Another hospital's queue", content: { "application/json": { schema: ErrorSchema } } },
  },
});

export function registerListReviews(app: OpenAPIHono<{ Variables: OutlierVariables }>, deps: OutlierDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const principal = c.get("principal");
    // The policy says whose queue: a hospital token (which has its claim, or authorize refused it)
    // its own hospital's only; a system token every hospital's, or the one named.
    if (!mayActFor(principal, "outlier-reviews.list", q.hospital)) {
      return c.json({ error: { code: "E_FORBIDDEN_HOSPITAL", message: "a hospital token lists its own hospital's reviews only" } }, 403);
    }
    const hospital = principal.hospital ?? q.hospital;
    const [afterAt, afterClaim] = q.after ? q.after.split("|") : [null, null];
    const { rows } = await deps.platform.db.query<ReviewRow>(
      `SELECT * FROM outlier_review
       WHERE status = $1 AND ($2::text IS NULL OR hospital_code = $2) AND ($3::text IS NULL OR period = $3)
         AND ($4::timestamptz IS NULL OR (created_at, claim_id) > ($4::timestamptz, $5::text))
       ORDER BY created_at, claim_id LIMIT $6`,
      [q.status, hospital ?? null, q.period ?? null, afterAt, afterClaim, q.limit],
    );
    const last = rows.at(-1);
    await audit(deps.platform.db, principal, "outlier-reviews.list", `outlier-reviews/${hospital ?? "*"}`, { ...q, returned: rows.length });
    const next = rows.length === q.limit && last ? `${new Date(last.created_at).toISOString()}|${last.claim_id}` : null;
    return c.json({ reviews: rows.map(toReview), next }, 200);
  });
}
