import type { CasemixEvent } from "@casemix/events";

/** The context attributes and extensions of an event as strings: what Trigger filters look at. */
export function attributesOf(event: CasemixEvent): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(event)) {
    if (k === "data" || k === "data_base64" || v === undefined || v === null) continue;
    out[k] = String(v);
  }
  return out;
}

/**
 * A replayed dead letter carries the route it failed on, so only that route's subscriber gets it
 * again (as Knative redelivers to one Trigger's subscriber, not to the whole broker).
 */
export const REPLAY_ROUTE_ATTRIBUTE = "casemixreplayroute";

export function isForRoute(event: CasemixEvent, routeName: string): boolean {
  const only = event[REPLAY_ROUTE_ATTRIBUTE];
  return only === undefined || only === routeName;
}
