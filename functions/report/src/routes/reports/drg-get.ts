import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ReportDeps, ReportVariables } from "../context.ts";
import { registerFigureRoute } from "../figure-route.ts";

/** GET /v1/reports/{period}/drgs/{drg}. */
export const registerGetDrg = (app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps) =>
  registerFigureRoute(app, deps, { path: "/v1/reports/{period}/drgs/{drg}", dimension: "drg", summary: "A DRG's national figures in a period", params: ["period", "drg"] });
