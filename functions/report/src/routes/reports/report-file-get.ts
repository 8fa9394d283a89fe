import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { errorBody, ErrorSchema, type ReportDeps, type ReportVariables } from "../context.ts";

const TYPES: Record<string, string> = { csv: "text/csv; charset=utf-8", pdf: "application/pdf", parquet: "application/vnd.apache.parquet" };

const route = createRoute({
  method: "get",
  path: "/v1/report-files/{reportId}",
  summary: "Download one published report file by its id (the `download` link of a report.published webhook)",
  request: { params: z.object({ reportId: z.string().regex(/^rpt_[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, "must look like rpt_<id>").openapi({ param: { name: "reportId", in: "path" }, example: "rpt_0123456789abcdef01234567" }) }) },
  responses: {
    200: {
      description: "The file exactly as published: its sha256 is the webhook's and the ETag",
      content: { "application/pdf": { schema: z.any() }, "text/csv": { schema: z.string() }, "application/vnd.apache.parquet": { schema: z.any() } },
    },
    403: { description: "Not for hospital tokens", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No report file with this id", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/**
 * GET /v1/report-files/{reportId}: the stored file a `report.published` event announced, whichever run
 * published it (the period's file route serves only the latest run's).
 */
export function registerGetReportFile(app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps): void {
  app.openapi(route, async (c) => {
    const { reportId } = c.req.valid("param");
    if (!mayActFor(c.get("principal"), "reports.download")) return c.json(errorBody("E_FORBIDDEN", "report files need a ministry, finance or auditor token"), 403);
    const { rows } = await deps.platform.db.query<{ object_key: string; sha256: string; period: string; run_id: string; kind: string; format: string }>(
      "SELECT object_key, sha256, period, run_id, kind, format FROM report_file WHERE report_id = $1",
      [reportId],
    );
    const file = rows[0];
    if (!file) return c.json(errorBody("E_REPORT_NOT_FOUND", `no report file ${reportId}`), 404);
    const bytes = await deps.platform.store.get(file.object_key);
    const name = `casemix-${file.period}-${file.run_id}-${file.kind}.${file.format}`;
    return c.body(bytes as never, 200, {
      "content-type": TYPES[file.format] ?? "application/octet-stream", "content-disposition": `attachment; filename="${name}"`, etag: `"${file.sha256}"`,
    }) as never;
  });
}
