import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { errorBody, ErrorSchema, HospitalParam, PeriodParam, type ReportDeps, type ReportVariables } from "../context.ts";
import { whyNoReport } from "../not-reported.ts";

const route = createRoute({
  method: "get",
  path: "/v1/reports/{period}/hospitals/{hospitalCode}/claims.parquet",
  summary: "A hospital's priced claims of the period as parquet (curated claims v2)",
  description:
    "One row per claim priced in the period's latest report run: claim_id, version, mdc, drg, cost_weight, los, payment (ringgit, DECIMAL(18,2)), " +
    "flagged, tariff_version_id, run_id, and to join back to the claim: claim_number, discharge_date and patient_pseudo (the keyed pseudonym made at intake).",
  request: { params: z.object({ period: PeriodParam, hospitalCode: HospitalParam }) },
  responses: {
    200: { description: "The parquet file", content: { "application/vnd.apache.parquet": { schema: z.any() } } },
    403: { description: "Not this token's hospital", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "No report for the period (the message says how to close it), or no claims of this hospital in it", content: { "application/json": { schema: ErrorSchema } } },
  },
});

/** GET /v1/reports/{period}/hospitals/{hospitalCode}/claims.parquet: the stored curated v2 file of the latest run. */
export function registerGetHospitalClaims(app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps): void {
  app.openapi(route, async (c) => {
    const { period, hospitalCode } = c.req.valid("param");
    if (!mayActFor(c.get("principal"), "reports.hospital-claims", hospitalCode)) return c.json(errorBody("E_FORBIDDEN", "this token may not read this hospital's claims"), 403);
    const { rows } = await deps.platform.db.query<{ object_key: string; sha256: string; run_id: string }>(
      `SELECT object_key, sha256, run_id FROM report_file WHERE period = $1 AND kind = 'curated-claims' AND format = 'parquet' AND hospital_code = $2
       ORDER BY published_at DESC, report_id LIMIT 1`,
      [period, hospitalCode],
    );
    if (!rows[0]) return c.json(errorBody("E_REPORT_NOT_FOUND", `no claims parquet of hospital ${hospitalCode} for ${period}${await whyNoReport(deps, period)}`), 404);
    const bytes = await deps.platform.store.get(rows[0].object_key);
    const name = `casemix-claims-${period}-${hospitalCode}-${rows[0].run_id}.parquet`;
    return c.body(bytes as never, 200, { "content-type": "application/vnd.apache.parquet", "content-disposition": `attachment; filename="${name}"`, etag: `"${rows[0].sha256}"` }) as never;
  });
}
