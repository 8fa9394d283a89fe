import { Hono } from "hono";
import type { CasemixEvent } from "@casemix/events";
import { eventFromHttp, eventToHttp } from "./cloudevent-http.ts";
import { CasemixError, statusOf } from "./errors.ts";
import type { EventProcessor } from "./processor.ts";
import { newTraceparent } from "./trace.ts";

export type FunctionAppOptions = {
  processor: EventProcessor;
  /** Readiness: the database (and whatever else the function needs) answers. */
  ready?: () => Promise<boolean>;
  /** Named in the readiness answer, so a probe can tell this function from whatever else holds a port. */
  name?: string;
};

/**
 * Hosts a function as a Hono app: `POST /` takes one CloudEvent (binary or structured mode) and
 * answers as Knative's broker expects (reply 200, done 202, malformed 400, transient 503);
 * `GET /healthz` and `GET /readyz` serve the probes. Add REST routes to the returned app.
 *
 * @example
 * const app = createFunctionApp({ processor });
 * app.route("/v1/claims", claimRoutes);
 */
export function createFunctionApp({ processor, ready, name }: FunctionAppOptions): Hono {
  const app = new Hono();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const ok = ready ? await ready().catch(() => false) : true;
    return c.json({ status: ok ? "ready" : "not ready", ...(name ? { function: name } : {}) }, ok ? 200 : 503);
  });
  app.post("/", async (c) => {
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    let event: CasemixEvent;
    try {
      event = withTraceparent(eventFromHttp({ headers, body: await c.req.text() }), headers.traceparent);
    } catch (error) {
      const body = error instanceof CasemixError ? error.toJSON() : { code: "E_BAD_REQUEST", message: String(error) };
      return c.json({ error: body }, statusOf(error) as 400);
    }
    const result = await processor.process(event);
    if (result.status === 200 && result.reply) {
      const message = eventToHttp(result.reply);
      return c.body(message.body, 200, message.headers);
    }
    if (result.error) return c.json({ error: result.error }, result.status as 400);
    return c.body(null, result.status as 202);
  });
  return app;
}

/** The trace starts at ingress: keep the caller's, else take the HTTP traceparent, else start one. */
function withTraceparent(event: CasemixEvent, httpTraceparent: string | undefined): CasemixEvent {
  if (event.traceparent) return event;
  return { ...event, traceparent: httpTraceparent ?? newTraceparent() };
}
