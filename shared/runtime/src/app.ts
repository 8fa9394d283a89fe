import { Hono } from "hono";
import type { CasemixEvent } from "@casemix/events";
import { eventFromHttp, eventToHttp } from "./cloudevent-http.ts";
import { CasemixError, statusOf } from "./errors.ts";
import { isRefusal, type EventAuthenticator } from "./event-auth.ts";
import type { EventProcessor } from "./processor.ts";
import { createMetricsApp } from "./telemetry.ts";
import { newTraceparent } from "./trace.ts";

export type ProbeOptions = {
  /** Readiness: the database (and whatever else the function needs) answers. */
  ready?: () => Promise<boolean>;
  /** Named in the readiness answer, so a probe can tell this function from whatever else holds a port. */
  name?: string;
};

export type FunctionAppOptions = ProbeOptions & {
  processor: EventProcessor;
  /**
   * Checks each delivery's bearer token before anything else is read; required, so no ingress is ever
   * built without one (an anonymous post once closed a payment period seven months early, issue 17).
   */
  authenticate: EventAuthenticator;
};

/**
 * `GET /healthz`, `GET /readyz` and `GET /metrics` (telemetry.ts): what a port that takes no events
 * serves beside its REST routes.
 */
export function createProbesApp({ ready, name }: ProbeOptions = {}): Hono {
  const app = createMetricsApp();
  app.get("/healthz", (c) => c.json({ status: "ok" }));
  app.get("/readyz", async (c) => {
    const ok = ready ? await ready().catch(() => false) : true;
    return c.json({ status: ok ? "ready" : "not ready", ...(name ? { function: name } : {}) }, ok ? 200 : 503);
  });
  return app;
}

/**
 * Hosts a function's event ingress as a Hono app: `POST /` takes one CloudEvent (binary or structured
 * mode) with a bearer token (refused 401/403 before the event is read) and answers as Knative's broker
 * expects (reply 200, done 202, malformed 400, transient 503); `GET /healthz`, `GET /readyz` and
 * `GET /metrics` serve the probes and the scrape.
 *
 * @example
 * const app = createFunctionApp({ processor, authenticate: createEventAuthenticator({ ... }) });
 */
export function createFunctionApp({ processor, ready, name, authenticate }: FunctionAppOptions): Hono {
  const app = createProbesApp({ ready, name });
  app.post("/", async (c) => {
    const caller = await authenticate(c.req.header("authorization"));
    if (isRefusal(caller)) return c.json({ error: caller.error }, caller.status);
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
