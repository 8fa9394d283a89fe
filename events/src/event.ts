import { createHash } from "node:crypto";

/**
 * A CloudEvent as plain data (spec 1.0, JSON data). Functions, buses and tests pass these around;
 * only the HTTP and Kafka edges convert to and from the `cloudevents` SDK, so no code depends on
 * `instanceof CloudEvent`.
 */
export type CasemixEvent<D = unknown> = {
  specversion: "1.0";
  id: string;
  source: string;
  type: string;
  subject?: string;
  time?: string;
  datacontenttype?: string;
  dataschema?: string;
  data: D;
  /** W3C trace context, set at ingress and preserved across every hop. */
  traceparent?: string;
  /** The hospital code: Kafka record key, so one hospital's events stay in order. */
  partitionkey?: string;
  [extension: string]: unknown;
};

/**
 * A deterministic event id: the same input event and the same step give the same output id, so a
 * redelivered input yields the same output event (DESIGN.md "Events").
 *
 * @example
 * deriveEventId("validate", inputEvent.id) // "evt_5f1c..."
 */
export function deriveEventId(...parts: readonly string[]): string {
  return "evt_" + createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 32);
}
