import { randomBytes } from "node:crypto";

/** W3C Trace Context `traceparent`: version-traceid-parentid-flags (https://www.w3.org/TR/trace-context/). */
const pattern = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

export function traceIdOf(traceparent: string | undefined): string | undefined {
  return traceparent ? pattern.exec(traceparent)?.[1] : undefined;
}

/** A new root traceparent, set at ingress when the caller sent none. */
export function newTraceparent(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`;
}

/** The same trace id with a new span id: every hop keeps the trace id (DESIGN.md "Events"). */
export function childTraceparent(parent: string | undefined): string {
  const m = parent ? pattern.exec(parent) : null;
  if (!m) return newTraceparent();
  return `00-${m[1]}-${randomBytes(8).toString("hex")}-${m[3]}`;
}
