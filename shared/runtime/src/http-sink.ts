import type { CasemixEvent } from "@casemix/events";
import { eventToHttp } from "./cloudevent-http.ts";
import type { TokenSource } from "./event-token.ts";
import type { EventSink } from "./outbox-relay.ts";
import { inSpan, SpanKind } from "@casemix/telemetry";

/**
 * Sends events to a broker ingress (K_SINK, set by a SinkBinding on Knative), one binary-mode POST per
 * event as the Knative Broker ingress expects, a few at a time. Any non-2xx fails the whole send, so
 * the outbox keeps the rows and retries; redelivered events carry the same ids. Each POST carries the
 * sender's token (`token`: the SinkBinding's OIDC token on Knative, the mesh's in `casemix mesh`).
 */
export function createHttpSink(url: string, { concurrency = 8, timeoutMs = 30_000, token }: { concurrency?: number; timeoutMs?: number; token?: TokenSource } = {}): EventSink {
  const post = async (event: CasemixEvent) => {
    const message = eventToHttp(event);
    const headers = token ? { ...message.headers, authorization: `Bearer ${await token()}` } : message.headers;
    const res = await fetch(url, { method: "POST", headers, body: message.body, signal: AbortSignal.timeout(timeoutMs) });
    await res.arrayBuffer();
    if (res.status < 200 || res.status >= 300) throw new Error(`broker ingress ${url} answered ${res.status}`);
  };
  // One client span per relay round (its POSTs), in the trace of whatever sent it: not one per event.
  return (events) =>
    inSpan("POST broker ingress", { kind: SpanKind.CLIENT, attributes: { "url.full": url, "casemix.events": events.length } }, async () => {
      for (let i = 0; i < events.length; i += concurrency) {
        await Promise.all(events.slice(i, i + concurrency).map(post));
      }
    });
}
