import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ReportDeps, ReportVariables } from "../context.ts";
import { registerFigureRoute } from "../figure-route.ts";

/** GET /v1/reports/{period}/mdcs/{mdc}. */
export const registerGetMdc = (app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps) =>
  registerFigureRoute(app, deps, { path: "/v1/reports/{period}/mdcs/{mdc}", dimension: "mdc", summary: "An MDC's national figures in a period", params: ["period", "mdc"] });
