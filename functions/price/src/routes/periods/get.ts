import { Hono } from "hono";
import { authorize, type TokenVerifier } from "@casemix/auth";
import type { Queryable } from "@casemix/db";
import { PeriodSchema } from "@casemix/events";
import { periodView } from "../../status.ts";

/** GET /v1/periods/:period: status (open, closing, closed), what is paid now, and every run of the period. */
export function getPeriodRoute(db: Queryable, verifier: TokenVerifier): Hono {
  return new Hono().get("/v1/periods/:period", authorize(verifier), async (c) => {
    const period = c.req.param("period");
    if (!PeriodSchema.safeParse(period).success) return c.json({ error: { code: "E_PERIOD", field: "period", message: "must be YYYY-MM" } }, 400);
    const view = await periodView(db, period);
    if (!view) return c.json({ error: { code: "E_NOT_FOUND", message: `no claims or runs for period ${period}` } }, 404);
    return c.json(view);
  });
}
