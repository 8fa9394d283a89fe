import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import { errorBody, ErrorSchema, FigureSchema, PeriodParam, type ReportDeps, type ReportVariables } from "../context.ts";
import { listFigures } from "../figures.ts";

const route = createRoute({
  method: "get",
  path: "/v1/reports/{period}/{breakdown}",
  summary: "Every hospital's, MDC's or DRG's figures in a period",
  request: { params: z.object({ period: PeriodParam, breakdown: z.enum(["hospitals", "mdcs", "drgs"]).openapi({ param: { name: "breakdown", in: "path" } }) }) },
  responses: {
    200: { description: "The figures", content: { "application/json": { schema: z.object({ figures: z.array(FigureSchema) }) } } },
    403: { description: "National breakdowns are not for hospital tokens", content: { "application/json": { schema: ErrorSchema } } },
  },
});

const DIMENSION = { hospitals: "hospital", mdcs: "mdc", drgs: "drg" } as const;

/** GET /v1/reports/{period}/hospitals|mdcs|drgs: a whole breakdown, for tables and charts. */
export function registerListBreakdown(app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps): void {
  app.openapi(route, async (c) => {
    const { period, breakdown } = c.req.valid("param");
    if (!mayActFor(c.get("principal"), "reports.breakdown")) return c.json(errorBody("E_FORBIDDEN", "national breakdowns need a ministry, finance or auditor token"), 403);
    const figures = await listFigures(deps, period, DIMENSION[breakdown]);
    return c.json({ figures: figures as z.infer<typeof FigureSchema>[] }, 200);
  });
}
