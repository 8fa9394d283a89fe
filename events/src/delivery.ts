import type { DeliverySpec } from "./routing-types.ts";

/**
 * Parses the ISO 8601 durations Knative accepts in `backoffDelay`/`timeout` (`PT1S`, `PT0.5S`,
 * `PT2M`, `P1DT2H`) into milliseconds. Years and months are refused: their length varies.
 */
export function parseIsoDuration(text: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m || text === "P" || text.endsWith("T")) throw new Error(`invalid ISO 8601 duration: ${text}`);
  const [, d = "0", h = "0", min = "0", s = "0"] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Math.round(Number(s) * 1000);
}

/**
 * The wait before each retry, in ms. Knative: "For linear policy, backoff delay is
 * backoffDelay*<numberOfRetries>. For exponential policy, backoff delay is backoffDelay*2^<numberOfRetries>"
 * (Trigger CRD, spec.delivery.backoffDelay). We count retries from 0, the shorter reading, so budgets
 * computed here are lower bounds of what the Broker waits.
 *
 * @example
 * backoffDelaysMs({ retry: 3, backoffPolicy: "exponential", backoffDelay: "PT1S", deadLetter: true }) // [1000, 2000, 4000]
 */
export function backoffDelaysMs(delivery: DeliverySpec): number[] {
  const base = parseIsoDuration(delivery.backoffDelay);
  return Array.from({ length: delivery.retry }, (_, n) =>
    delivery.backoffPolicy === "exponential" ? base * 2 ** n : base * (n + 1),
  );
}

/** Total backoff before dead-lettering, in ms (DESIGN.md: at least two minutes). */
export function totalBackoffMs(delivery: DeliverySpec): number {
  return backoffDelaysMs(delivery).reduce((a, b) => a + b, 0);
}

/** DESIGN.md "Events": transient failures are retried with backoff totalling at least two minutes. */
export const MIN_TOTAL_BACKOFF_MS = 120_000;
