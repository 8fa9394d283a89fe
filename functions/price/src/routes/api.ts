import { OpenAPIHono } from "@hono/zod-openapi";
import type { TokenVerifier } from "@casemix/auth";
import type { Queryable } from "@casemix/db";
import { MONTH_END_ROUTES } from "@casemix/month-end";
import { serveApiDocument } from "@casemix/runtime";
import { getPeriodRoute } from "./periods/get.ts";
import { listPeriodsRoute } from "./periods/list.ts";
import { getRunRoute } from "./runs/get.ts";

/**
 * price's REST API: runs and periods, and the month-end document (OpenAPI 3.1 at
 * /v1/openapi/month-end.json), which also lists scheduler's `POST /v1/periods/{period}/close`: the
 * routes are defined once in @casemix/month-end, and answered by the handlers here and in scheduler.
 */
export function createPriceApi(db: Queryable, verifier: TokenVerifier): OpenAPIHono {
  const app = new OpenAPIHono();
  app.route("/", getRunRoute(db, verifier));
  app.route("/", listPeriodsRoute(db, verifier));
  app.route("/", getPeriodRoute(db, verifier));
  for (const route of MONTH_END_ROUTES) app.openAPIRegistry.registerPath(route);
  serveApiDocument(app, "month-end", () => app.getOpenAPI31Document({ openapi: "3.1.0", info: { title: "", version: "1" } }));
  return app;
}
