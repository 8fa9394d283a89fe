import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { errorBody, ErrorSchema, FigureSchema, PeriodParam, type ReportDeps, type ReportVariables } from "../context.ts";
import { listFigures } from "../figures.ts";
import { whyNoReport } from "../not-reported.ts";

const route = createRoute({
  method: "get",
  path: "/v1/reports/{period}/{breakdown}",
  summary: "Every hospital's, MDC's or DRG's figures in a period",
  description:
    "Ordered by code (hospital code, MDC or DRG, as text). Money is integer sen (totalSen, meanSen). The period's totals are GET /v1/reports/{period}; " +
    "names and titles are in the PDF (GET /v1/reports/{period}/files/pdf). A period without a report answers 404 saying how to close it.",
  request: { params: z.object({ period: PeriodParam, breakdown: z.enum(["hospitals", "mdcs", "drgs"]).openapi({ param: { name: "breakdown", in: "path" } }) }) },
  responses: {
    200: { description: "The figures", content: { "application/json": { schema: z.object({ figures: z.array(FigureSchema) }) } } },
    403: { description: "National breakdowns are not for hospital tokens", content: { "application/json": { schema: ErrorSchema } } },
    404: { description: "The period has no report yet; the message says how to close it", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const DIMENSION = { hospitals: "hospital", mdcs: "mdc", drgs: "drg" } as const;

/** GET /v1/reports/{period}/hospitals|mdcs|drgs: a whole breakdown, for tables and charts. */
export function registerListBreakdown(app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps): void {
  app.openapi(route, async (c) => {
    const { period, breakdown } = c.req.valid("param");
    if (!mayActFor(c.get("principal"), "reports.breakdown")) return c.json(errorBody("E_FORBIDDEN", "national breakdowns need a ministry, finance or auditor token"), 403);
    const figures = await listFigures(deps, period, DIMENSION[breakdown]);
    if (figures.length === 0) {
      const why = await whyNoReport(deps, period);
      if (why) return c.json(errorBody("E_REPORT_NOT_FOUND", `no ${breakdown} figures for ${period}${why}`), 404);
    }
    return c.json({ figures: figures as z.infer<typeof FigureSchema>[] }, 200);
  });
}
