import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest } from "@casemix/runtime";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { BatchIdParamSchema, ErrorSchema } from "../schemas.ts";
import { loadBatch } from "./load.ts";

const QuerySchema = z.object({
  state: z.string().regex(/^[a-z_]{1,32}$/, "must be a claim state").optional().openapi({ description: "Only claims in this state (e.g. rejected)", example: "rejected" }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  after: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional().openapi({ description: "Keyset cursor: the `next` of the previous page (a row number)" }),
});

export const BatchClaimSchema = z
  .object({
    rowNo: z.number().int(),
    claimNumber: z.string().nullable(),
    claimId: z.string().nullable(),
    version: z.number().int().nullable(),
    state: z.string(),
    period: z.string().nullable(),
    errors: z.array(z.object({ code: z.string(), field: z.string().optional(), message: z.string() })),
  })
  .openapi("BatchClaim");

const route = createRoute({
  method: "get",
  path: "/v1/batches/{batchId}/claims",
  summary: "A batch's claims in row order, with their state and reasons, a page at a time",
  request: { params: BatchIdParamSchema, query: QuerySchema },
  responses: {
    200: { description: "A page of the batch's claims", content: { "application/json": { schema: z.object({ claims: z.array(BatchClaimSchema), next: z.number().int().nullable() }) } } },
    404: { description: "No such batch (or not this hospital's)", content: { "application/json": { schema: ErrorSchema } } },
  },
});

type Row = { row_no: number; claim_number: string | null; claim_id: string | null; version: number | null; state: string; period: string | null; errors: z.infer<typeof BatchClaimSchema>["errors"] | null };

export function registerGetBatchClaims(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openapi(route, async (c) => {
    const { batchId } = c.req.valid("param");
    const q = c.req.valid("query");
    const principal = c.get("principal");
    const batch = await loadBatch(deps.platform.db, batchId);
    if (!batch || !mayActFor(principal, "batches.claims", batch.hospital_code)) return c.json(errorBody("E_BATCH_NOT_FOUND", `no batch ${batchId}`), 404);
    // The primary key (batch_id, row_no) serves the page; a state filter reads the batch's rows in order.
    const { rows } = await deps.platform.db.query<Row>(
      `SELECT row_no, claim_number, claim_id, version, state, period, errors FROM claim_row
       WHERE batch_id = $1 AND ($2::text IS NULL OR state = $2) AND row_no > $3 ORDER BY row_no LIMIT $4`,
      [batchId, q.state ?? null, q.after ?? 0, q.limit],
    );
    await auditRequest(deps.platform.db, principal, "batches.claims", batchId, { ...q, returned: rows.length });
    const last = rows.at(-1);
    return c.json(
      {
        claims: rows.map((r) => ({
          rowNo: Number(r.row_no), claimNumber: r.claim_number, claimId: r.claim_id, version: r.version === null ? null : Number(r.version),
          state: r.state, period: r.period, errors: r.errors ?? [],
        })),
        next: rows.length === q.limit && last ? Number(last.row_no) : null,
      },
      200,
    );
  });
}
