import type { OpenAPIHono } from "@hono/zod-openapi";
import type { ReportDeps, ReportVariables } from "../context.ts";
import { registerFigureRoute } from "../figure-route.ts";

/** GET /v1/reports/{period}/hospitals/{hospitalCode}/drgs/{drg}. */
export const registerGetHospitalDrg = (app: OpenAPIHono<{ Variables: ReportVariables }>, deps: ReportDeps) =>
  registerFigureRoute(app, deps, { path: "/v1/reports/{period}/hospitals/{hospitalCode}/drgs/{drg}", dimension: "hospital-drg", summary: "A hospital's figures for one DRG", params: ["period", "hospitalCode", "drg"] });
