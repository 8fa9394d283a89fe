import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ReportDeps, ReportVariables } from "../context.ts";
import { registerFigureRoute } from "../figure-route.ts";

/** GET /v1/reports/{period}: the national figures of a period. */
export const registerGetPeriod = (app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps) =>
  registerFigureRoute(app, deps, { path: "/v1/reports/{period}", dimension: "period", summary: "A period's national figures", params: ["period"] });
