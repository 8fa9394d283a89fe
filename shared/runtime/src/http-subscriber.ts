import type { CasemixEvent } from "@casemix/events";
import type { DeliveryResult, Subscriber } from "@casemix/bus";
import { eventFromHttp, eventToHttp } from "./cloudevent-http.ts";
import type { TokenSource } from "./event-token.ts";
import { inSpan, SpanKind, traceparentOf } from "@casemix/telemetry";

export type HttpSubscriberOptions = {
  name: string;
  url: string;
  /** Per-attempt timeout (Knative `delivery.timeout`). */
  timeoutMs?: number;
  /** The delivery's bearer token, audience the subscriber (Knative's dispatcher sends the Trigger's OIDC token). */
  token?: TokenSource;
};

/**
 * Delivers events to a function over HTTP exactly as a Knative Broker's dispatcher does: a POST in
 * binary mode; a 2xx with a CloudEvent in the response is the reply.
 */
export function createHttpSubscriber({ name, url, timeoutMs = 600_000, token }: HttpSubscriberOptions): Subscriber {
  return {
    name,
    // The dispatcher's client span, in the trace the event carries (the subscriber's own span is its sibling).
    deliver: (event: CasemixEvent): Promise<DeliveryResult> =>
      inSpan(`deliver to ${name}`, { kind: SpanKind.CLIENT, traceparent: event.traceparent, attributes: { "cloudevents.event_type": event.type, "url.full": url } }, async (span) => {
        const message = eventToHttp(event);
        // W3C trace context of this delivery, as Knative's dispatcher sends it: the subscriber's server
        // span is its child instead of a one-span trace of its own. The event's own traceparent
        // extension (ce-traceparent) is unchanged: the handler's span stays in the batch's trace.
        const tp = traceparentOf(span);
        const sent = { ...message.headers, ...(tp ? { traceparent: tp } : {}), ...(token ? { authorization: `Bearer ${await token()}` } : {}) };
        const res = await fetch(url, {
          method: "POST",
          headers: sent,
          body: message.body,
          signal: AbortSignal.timeout(timeoutMs),
        });
        const body = await res.text();
        span?.setAttribute("http.response.status_code", res.status);
        if (res.status !== 200) return { status: res.status, ...errorOf(body) };
        const headers: Record<string, string> = {};
        res.headers.forEach((v, k) => (headers[k] = v));
        if (!headers["ce-id"] && !/cloudevents/.test(headers["content-type"] ?? "")) return { status: 200 };
        return { status: 200, reply: eventFromHttp({ headers, body }) };
      }),
  };
}

/** The runtime answers failures with `{ error: { code, message } }`; keep it for the dead letter. */
function errorOf(body: string): { error?: { code: string; message: string } } {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown; message?: unknown } };
    if (parsed.error && typeof parsed.error.code === "string") return { error: { code: parsed.error.code, message: String(parsed.error.message ?? "") } };
  } catch {
    // not JSON: nothing to keep
  }
  return {};
}
