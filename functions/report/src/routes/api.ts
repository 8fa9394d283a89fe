import { OpenAPIHono } from "@hono/zod-openapi";
import { serveApiDocument } from "@casemix/runtime";
import { authorize } from "@casemix/auth";
import type { ReportDeps, ReportVariables } from "./context.ts";
import { registerGetDrg } from "./reports/drg-get.ts";
import { registerGetFile } from "./reports/file-get.ts";
import { registerGetHospital } from "./reports/hospital-get.ts";
import { registerGetHospitalClaims } from "./reports/hospital-claims-get.ts";
import { registerGetHospitalDrg } from "./reports/hospital-drg-get.ts";
import { registerGetHospitalMdc } from "./reports/hospital-mdc-get.ts";
import { registerListBreakdown } from "./reports/hospitals-list.ts";
import { registerGetMdc } from "./reports/mdc-get.ts";
import { registerGetPeriod } from "./reports/period-get.ts";
import { registerGetReportFile } from "./reports/report-file-get.ts";

/**
 * The reporting API (OpenAPI 3.1 at /v1/openapi/reports.json). Every answer comes from figures
 * precomputed at report time (report_figure, cached in platform.cache), never from the claims.
 */
export function createReportApi(deps: ReportDeps): OpenAPIHono<{ Variables: ReportVariables }> {
  const app = new OpenAPIHono<{ Variables: ReportVariables }>({
    defaultHook: (result, c) => {
      if (!result.success) {
        const issue = result.error.issues[0];
        return c.json({ error: { code: "E_REQUEST", message: `${issue?.path.join(".") || "request"}: ${issue?.message}` } }, 400);
      }
    },
  });
  app.use("/v1/reports/*", authorize(deps.platform.verifier));
  app.use("/v1/report-files/*", authorize(deps.platform.verifier));
  registerGetFile(app, deps);
  registerGetReportFile(app, deps);
  registerGetPeriod(app, deps);
  registerGetHospital(app, deps);
  registerGetMdc(app, deps);
  registerGetDrg(app, deps);
  registerGetHospitalMdc(app, deps);
  registerGetHospitalDrg(app, deps);
  registerGetHospitalClaims(app, deps);
  registerListBreakdown(app, deps);
  serveApiDocument(app, "reports", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  return app;
}
