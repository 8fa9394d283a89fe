import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { auditRequest } from "@casemix/runtime";
import { errorBody, type IntakeDeps, type IntakeVariables } from "../context.ts";
import { ErrorSchema } from "../schemas.ts";

/** A page cursor as this route writes it: `<created_at ISO>|<batch id>` of the last batch shown. */
const CURSOR = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z\|bat_[A-Za-z0-9_-]{1,64}$/;

const QuerySchema = z.object({
  hospital: z.string().regex(/^[A-Z0-9][A-Z0-9-]{1,31}$/, "must be a hospital code").optional().openapi({ description: "Only this hospital's batches; a hospital token sees its own only.", example: "H10-DEC915" }),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  after: z
    .string()
    .regex(CURSOR, "must be the `next` of the previous page")
    .refine((s) => !Number.isNaN(Date.parse(s.slice(0, s.indexOf("|")))), "must be the `next` of the previous page")
    .optional()
    .openapi({ description: "Keyset cursor: the `next` of the previous page", example: "2026-12-01T08:00:00.000Z|bat_01HX42" }),
});

export const BatchSummarySchema = z
  .object({
    batchId: z.string(),
    hospitalCode: z.string(),
    channel: z.string(),
    fileName: z.string().nullable(),
    status: z.enum(["receiving", "processing", "completed", "failed"]),
    rowsReceived: z.number().int(),
    createdAt: z.string(),
    completedAt: z.string().nullable(),
  })
  .openapi("BatchSummary");

const route = createRoute({
  method: "get",
  path: "/v1/batches",
  summary: "Batches, newest first, a page at a time",
  request: { query: QuerySchema },
  responses: {
    200: { description: "A page of batches", content: { "application/json": { schema: z.object({ batches: z.array(BatchSummarySchema), next: z.string().nullable() }) } } },
    403: { description: "Another hospital's batches", content: { "application/json": { schema: ErrorSchema } } },
  },
});

type Row = { id: string; hospital_code: string; channel: string; file_name: string | null; status: z.infer<typeof BatchSummarySchema>["status"]; rows_received: number; created_at: Date | string; completed_at: Date | string | null };

export function registerListBatches(app: OpenAPIHono<{ Variables: IntakeVariables }>, deps: IntakeDeps): void {
  app.openapi(route, async (c) => {
    const q = c.req.valid("query");
    const principal = c.get("principal");
    if (!mayActFor(principal, "batches.list", q.hospital)) return c.json(errorBody("E_FORBIDDEN_HOSPITAL", "a hospital token lists its own hospital's batches only"), 403);
    const hospital = principal.hospital ?? q.hospital ?? null;
    const [afterAt, afterId] = q.after ? q.after.split("|") : [null, null];
    // Newest first on (created_at, id); with a hospital the index batch_hospital_created_idx serves it.
    const { rows } = await deps.platform.db.query<Row>(
      `SELECT id, hospital_code, channel, file_name, status, rows_received, created_at, completed_at FROM batch
       WHERE ($1::text IS NULL OR hospital_code = $1) AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::text))
       ORDER BY created_at DESC, id DESC LIMIT $4`,
      [hospital, afterAt, afterId, q.limit],
    );
    await auditRequest(deps.platform.db, principal, "batches.list", `batches/${hospital ?? "*"}`, { ...q, returned: rows.length });
    const last = rows.at(-1);
    const iso = (v: Date | string) => new Date(v).toISOString();
    return c.json(
      {
        batches: rows.map((r) => ({
          batchId: r.id, hospitalCode: r.hospital_code, channel: r.channel, fileName: r.file_name, status: r.status,
          rowsReceived: Number(r.rows_received), createdAt: iso(r.created_at), completedAt: r.completed_at === null ? null : iso(r.completed_at),
        })),
        next: rows.length === q.limit && last ? `${iso(last.created_at)}|${last.id}` : null,
      },
      200,
    );
  });
}
