import { createRoute, z, type OpenAPIHono } from "@hono/zod-openapi";
import { mayActFor } from "@casemix/auth";
import type { Dimension } from "@casemix/reporting";
import { DrgParam, errorBody, ErrorSchema, FigureSchema, HospitalParam, MdcParam, PeriodParam, type ReportDeps, type ReportVariables } from "./context.ts";
import { lookupFigure } from "./figures.ts";
import { whyNoReport } from "./not-reported.ts";

const PARAMS = { period: PeriodParam, hospitalCode: HospitalParam, mdc: MdcParam, drg: DrgParam } as const;

/**
 * Registers one figure lookup: `path` names its parameters among period, hospitalCode, mdc and drg.
 * Each REST operation file calls this with its own path and dimension (one operation per file).
 */
export function registerFigureRoute(
  app: OpenAPIHono<{ Variables: ReportVariables }>,
  deps: ReportDeps,
  o: { path: string; dimension: Dimension; summary: string; params: readonly (keyof typeof PARAMS)[] },
): void {
  const shape = Object.fromEntries(o.params.map((p) => [p, PARAMS[p]]));
  const route = createRoute({
    method: "get",
    path: o.path,
    summary: o.summary,
    request: { params: z.object(shape) },
    responses: {
      200: { description: "The figure", content: { "application/json": { schema: FigureSchema } } },
      403: { description: "Not this token's hospital", content: { "application/json": { schema: ErrorSchema } } },
      404: { description: "No report figure for these keys; when the period has no report yet, the message says how to close it", content: { "application/json": { schema: ErrorSchema } } },
    },
  });
  app.openapi(route, async (c) => {
    const p = c.req.valid("param") as Record<string, string>;
    // The policy's action of each figure route is `reports.<dimension>` (shared/auth policy-table.ts).
    if (!mayActFor(c.get("principal"), `reports.${o.dimension}`, p.hospitalCode)) return c.json(errorBody("E_FORBIDDEN", "this token may not read these figures"), 403);
    const figure = await lookupFigure(deps, { period: p.period, dimension: o.dimension, hospitalCode: p.hospitalCode, mdc: p.mdc, drg: p.drg });
    if (!figure) return c.json(errorBody("E_FIGURE_NOT_FOUND", `no ${o.dimension} figure for ${Object.values(p).join(" / ")}${await whyNoReport(deps, p.period)}`), 404);
    c.header("cache-control", "private, max-age=60");
    return c.json(figure as z.infer<typeof FigureSchema>, 200);
  });
}
