import { Hono } from "hono";
import { authorize, type TokenVerifier } from "@casemix/auth";
import type { Queryable } from "@casemix/db";
import { PeriodSchema } from "@casemix/events";

/**
 * GET /v1/periods: periods that have a status row (closed at least once, or closing), newest first,
 * `limit` (1-100, default 24) at a time; `after` is the `next` of the previous page (a period).
 */
export function listPeriodsRoute(db: Queryable, verifier: TokenVerifier): Hono {
  return new Hono().get("/v1/periods", authorize(verifier), async (c) => {
    const limitText = c.req.query("limit") ?? "24";
    const after = c.req.query("after");
    const limit = Number(limitText);
    if (!/^\d{1,3}$/.test(limitText) || limit < 1 || limit > 100) return c.json({ error: { code: "E_LIMIT", field: "limit", message: "must be 1-100" } }, 400);
    if (after !== undefined && !PeriodSchema.safeParse(after).success) return c.json({ error: { code: "E_PERIOD", field: "after", message: "must be YYYY-MM" } }, 400);
    const { rows } = await db.query<{ period: string; status: string; closed_at: Date | string | null }>(
      "select period, status, closed_at from period where ($1::text is null or period < $1) order by period desc limit $2",
      [after ?? null, limit],
    );
    const periods = rows.map((r) => ({ period: r.period, status: r.status, closedAt: r.closed_at === null ? null : new Date(r.closed_at).toISOString() }));
    return c.json({ periods, next: rows.length === limit ? rows.at(-1)!.period : null });
  });
}
