import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { z } from "zod";
import { authorize, type TokenVerifier } from "@casemix/auth";
import { PeriodSchema, type CasemixEvent } from "@casemix/events";
import { isPeriodOver, periodClosedEvent } from "@casemix/month-end";
import { newTraceparent, type EventSink } from "@casemix/runtime";

const BodySchema = z.strictObject({ reclose: z.boolean().optional() });

/**
 * POST /v1/periods/:period/close (body `{ "reclose": true }` for a re-close): sends `period.closed`
 * and answers 202 with the run id to follow at price's GET /v1/runs/:runId. Only months already over in
 * Kuala Lumpur can be closed.
 */
export function postCloseRoute(deps: { verifier: TokenVerifier; send: EventSink; now: () => Date }): Hono {
  return new Hono().post("/v1/periods/:period/close", authorize(deps.verifier), async (c) => {
    const period = c.req.param("period");
    if (!PeriodSchema.safeParse(period).success) return c.json({ error: { code: "E_PERIOD", field: "period", message: "must be YYYY-MM" } }, 400);
    const raw = await c.req.text();
    let json: unknown = {};
    try {
      json = raw.trim() === "" ? {} : JSON.parse(raw);
    } catch {
      return c.json({ error: { code: "E_BODY_JSON", message: "the body is not JSON" } }, 400);
    }
    const body = BodySchema.safeParse(json);
    if (!body.success) {
      const issue = body.error.issues[0];
      return c.json({ error: { code: "E_BODY", field: issue.path.join("."), message: issue.message } }, 400);
    }
    const now = deps.now();
    if (!isPeriodOver(period, now)) {
      return c.json({ error: { code: "E_PERIOD_NOT_OVER", field: "period", message: `${period} is not over yet in Asia/Kuala_Lumpur` } }, 409);
    }
    const event = { ...periodClosedEvent(period, { now, reclose: body.data.reclose ? { suffix: randomBytes(3).toString("hex") } : undefined, source: "/casemix/scheduler" }), traceparent: newTraceparent() };
    await deps.send([event as CasemixEvent]);
    return c.json({ period, runId: event.data.runId, eventId: event.id, status: `/v1/runs/${event.data.runId}` }, 202);
  });
}
