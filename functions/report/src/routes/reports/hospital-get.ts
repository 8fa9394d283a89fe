import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ReportDeps, ReportVariables } from "../context.ts";
import { registerFigureRoute } from "../figure-route.ts";

/** GET /v1/reports/{period}/hospitals/{hospitalCode}. */
export const registerGetHospital = (app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps) =>
  registerFigureRoute(app, deps, { path: "/v1/reports/{period}/hospitals/{hospitalCode}", dimension: "hospital", summary: "A hospital's figures in a period", params: ["period", "hospitalCode"] });
