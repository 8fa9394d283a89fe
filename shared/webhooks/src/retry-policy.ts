/** How a delivery is retried. */
export type RetryPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Backoff ceiling of the first retry, ms; doubles per retry. */
  baseDelayMs: number;
  /** Largest backoff ceiling, ms. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is capped to it, ms (a target cannot park a delivery for days). */
  maxRetryAfterMs: number;
  /** Per-attempt timeout, ms. */
  attemptTimeoutMs: number;
};

/**
 * Defaults: 8 attempts spread over roughly 10 minutes at worst, in line with the broker's own
 * retries (DESIGN.md: "backoff totalling at least two minutes, then dead-lettered").
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  baseDelayMs: 1_000,
  maxDelayMs: 5 * 60_000,
  maxRetryAfterMs: 15 * 60_000,
  attemptTimeoutMs: 15_000,
};

/** What one attempt came to, as the policy sees it. */
export type AttemptResult =
  | { kind: "delivered"; status: number }
  | { kind: "http-error"; status: number; retryAfter: string | null }
  | { kind: "transport-error"; code: string }
  /** Failed before any request reached the target: no token, no signing key, unknown credentials. */
  | { kind: "local-error"; code: string; retryable: boolean };

/** The decision after an attempt. */
export type Decision =
  | { kind: "done" }
  | { kind: "retry"; delayMs: number }
  | { kind: "dead"; reason: "exhausted" | "permanent" | "gone" };

/**
 * Whether an HTTP status is worth retrying: 408 and 429 and 5xx are; any other 4xx (and a 3xx, which
 * webhooks do not follow) means the request itself is wrong and would fail again.
 */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/**
 * Parses `Retry-After` (RFC 9110 10.2.3): delay-seconds or an HTTP-date. Returns ms from `nowMs`,
 * or null when absent or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : Math.max(0, at - nowMs);
}

/**
 * "Full jitter" backoff (AWS Architecture Blog, "Exponential Backoff And Jitter", 2015): a uniform
 * random delay in [0, min(max, base * 2^(n-1))) before retry n, which spreads out a thundering herd
 * of retries after a target's outage better than fixed or equal jitter.
 */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Decides what follows attempt number `attempt` (1-based). Pure: the clock and randomness are passed in.
 */
export function decide(result: AttemptResult, attempt: number, policy: RetryPolicy, nowMs: number, random: () => number): Decision {
  if (result.kind === "delivered") return { kind: "done" };
  if (result.kind === "http-error" && result.status === 410) return { kind: "dead", reason: "gone" };
  if (result.kind === "http-error" && !isRetryableStatus(result.status)) return { kind: "dead", reason: "permanent" };
  if (result.kind === "local-error" && !result.retryable) return { kind: "dead", reason: "permanent" };
  if (attempt >= policy.maxAttempts) return { kind: "dead", reason: "exhausted" };
  const retryAfter = result.kind === "http-error" ? parseRetryAfter(result.retryAfter, nowMs) : null;
  const delayMs = retryAfter !== null ? Math.min(retryAfter, policy.maxRetryAfterMs) : backoffDelay(attempt, policy, random);
  return { kind: "retry", delayMs };
}
