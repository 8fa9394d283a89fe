import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ReportDeps, ReportVariables } from "../context.ts";
import { registerFigureRoute } from "../figure-route.ts";

/** GET /v1/reports/{period}/hospitals/{hospitalCode}/mdcs/{mdc}. */
export const registerGetHospitalMdc = (app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps) =>
  registerFigureRoute(app, deps, { path: "/v1/reports/{period}/hospitals/{hospitalCode}/mdcs/{mdc}", dimension: "hospital-mdc", summary: "A hospital's figures for one MDC", params: ["period", "hospitalCode", "mdc"] });
