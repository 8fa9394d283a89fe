import type { CasemixEvent, DeliverySpec } from "@casemix/events";
import type { DeliveryResult, Subscriber } from "./port.ts";

/**
 * Knative retries a delivery on these statuses and on network errors; anything else that is not 2xx
 * (400 above all) goes straight to the dead-letter sink.
 * https://knative.dev/docs/eventing/event-delivery/ ("retry ... 404, 408, 409, 429, 5xx")
 */
export function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 404 || status === 408 || status === 409 || status === 429;
}

/** Parses the ISO 8601 durations Knative uses for backoffDelay and timeout (e.g. "PT0.5S", "PT2M"). */
export function parseDurationMs(iso: string): number {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m) throw new Error(`not an ISO 8601 duration: ${iso}`);
  const [, d, h, min, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

/** The wait before retry number `retry` (1-based), as Knative computes it. */
export function backoffMs(spec: DeliverySpec, retry: number): number {
  const base = parseDurationMs(spec.backoffDelay);
  return spec.backoffPolicy === "exponential" ? base * 2 ** (retry - 1) : base * retry;
}

/** The sum of all backoff waits: the time a route rides out a subscriber being down. */
export function retryBudgetMs(spec: DeliverySpec): number {
  let total = 0;
  for (let r = 1; r <= spec.retry; r++) total += backoffMs(spec, r);
  return total;
}

export type DeliveryOutcome =
  | { kind: "delivered"; status: number; reply?: CasemixEvent; attempts: number }
  | { kind: "dead"; status: number; reason: string; attempts: number };

export type DeliverOptions = {
  /** Shrinks every backoff (tests); 1 in production. */
  backoffScale?: number;
  sleep?: (ms: number) => Promise<void>;
  /** Called before each wait, e.g. to heartbeat a Kafka consumer while a retry is pending. */
  onWait?: (ms: number) => void;
  /** Stops retrying (shutdown); the event is then neither delivered nor dead-lettered. */
  signal?: AbortSignal;
};

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Delivers one event to one subscriber with the route's retry policy. */
export async function deliverWithRetry(
  event: CasemixEvent,
  subscriber: Subscriber,
  spec: DeliverySpec,
  { backoffScale = 1, sleep = defaultSleep, onWait, signal }: DeliverOptions = {},
): Promise<DeliveryOutcome> {
  let attempts = 0;
  let last: { status: number; reason: string } = { status: 0, reason: "" };
  for (;;) {
    attempts += 1;
    const result = await attempt(subscriber, event);
    if (result.status >= 200 && result.status < 300) {
      return { kind: "delivered", status: result.status, reply: result.reply, attempts };
    }
    last = { status: result.status, reason: result.reason };
    if (!isRetryableStatus(result.status)) break;
    if (attempts > spec.retry) break;
    if (signal?.aborted) throw new Error("delivery aborted by shutdown");
    const wait = backoffMs(spec, attempts) * backoffScale;
    onWait?.(wait);
    await sleep(wait);
  }
  return { kind: "dead", status: last.status, reason: last.reason, attempts };
}

async function attempt(subscriber: Subscriber, event: CasemixEvent): Promise<DeliveryResult & { reason: string }> {
  try {
    const result = await subscriber.deliver(event);
    const detail = result.error ? `: ${result.error.code} ${result.error.message}` : "";
    return { ...result, reason: result.status >= 300 ? `subscriber answered ${result.status}${detail}` : "" };
  } catch (error) {
    // A connection refused or reset is how a crashed or restarting function looks: retry it.
    return { status: 503, reason: `delivery failed: ${(error as Error).message}` };
  }
}
