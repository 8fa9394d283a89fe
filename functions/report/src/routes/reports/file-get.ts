import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { whyNoReport } from "../not-reported.ts";
import { errorBody, ErrorSchema, PeriodParam, type ReportDeps, type ReportVariables } from "../context.ts";

const TYPES = { csv: "text/csv; charset=utf-8", pdf: "application/pdf" } as const;

const route = createRoute({
  method: "get",
  path: "/v1/reports/{period}/files/{format}",
  summary: "Download the latest period report as CSV or PDF",
  request: { params: z.object({ period: PeriodParam, format: z.enum(["csv", "pdf"]).openapi({ param: { name: "format", in: "path" } }) }) },
  responses: {
    200: { description: "The file", content: { "application/pdf": { schema: z.any() }, "text/csv": { schema: z.string() } } },
    403: { description: "Not for hospital tokens", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No report for the period; the message says how to close it", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/** GET /v1/reports/{period}/files/{format}: the stored file of the period's latest report run. */
export function registerGetFile(app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps): void {
  app.openapi(route, async (c) => {
    const { period, format } = c.req.valid("param");
    if (!mayActFor(c.get("principal"), "reports.file")) return c.json(errorBody("E_FORBIDDEN", "period reports need a ministry, finance or auditor token"), 403);
    const { rows } = await deps.platform.db.query<{ object_key: string; sha256: string; run_id: string }>(
      `SELECT object_key, sha256, run_id FROM report_file WHERE period = $1 AND kind = 'period-summary' AND format = $2
       ORDER BY published_at DESC, report_id LIMIT 1`,
      [period, format],
    );
    if (!rows[0]) return c.json(errorBody("E_REPORT_NOT_FOUND", `no ${format} report for ${period}${await whyNoReport(deps, period)}`), 404);
    const bytes = await deps.platform.store.get(rows[0].object_key);
    const name = `casemix-${period}-${rows[0].run_id}.${format}`;
    return c.body(bytes as never, 200, { "content-type": TYPES[format], "content-disposition": `attachment; filename="${name}"`, etag: `"${rows[0].sha256}"` }) as never;
  });
}
