import { describe, expect, it } from "vitest";
import { backoffDelay, decide, isRetryableStatus, parseRetryAfter, type RetryPolicy } from "./retry-policy.ts";

const policy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 1000, maxDelayMs: 5000, maxRetryAfterMs: 60_000, attemptTimeoutMs: 1000 };
const NOW = Date.parse("2026-11-28T04:00:00Z");

describe("retry policy", () => {
  it("full jitter draws the delay uniformly below the doubled ceiling", () => {
    expect(backoffDelay(1, policy, () => 0.5)).toBe(500);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it("caps the backoff ceiling at maxDelayMs", () => {
    expect(backoffDelay(10, policy, () => 0.999)).toBe(4995);
  });

  it("retries 408, 429 and 5xx but no other 4xx", () => {
    expect([408, 429, 500, 503, 400, 401, 403, 404, 409, 422, 301].map(isRetryableStatus)).toEqual([true, true, true, true, false, false, false, false, false, false, false]);
  });

  it("a permanent 4xx goes to the dead letters without a retry", () => {
    expect(decide({ kind: "http-error", status: 400, retryAfter: null }, 1, policy, NOW, Math.random)).toEqual({ kind: "dead", reason: "permanent" });
  });

  it("a 410 is dead with reason gone", () => {
    expect(decide({ kind: "http-error", status: 410, retryAfter: null }, 1, policy, NOW, Math.random)).toEqual({ kind: "dead", reason: "gone" });
  });

  it("gives up after maxAttempts", () => {
    expect(decide({ kind: "transport-error", code: "ECONNREFUSED" }, 3, policy, NOW, () => 0.5).kind).toBe("retry");
    expect(decide({ kind: "transport-error", code: "ECONNREFUSED" }, 4, policy, NOW, () => 0.5)).toEqual({ kind: "dead", reason: "exhausted" });
  });

  it("honours Retry-After in seconds", () => {
    expect(decide({ kind: "http-error", status: 429, retryAfter: "7" }, 1, policy, NOW, () => 0)).toEqual({ kind: "retry", delayMs: 7000 });
  });

  it("honours Retry-After as an HTTP date", () => {
    expect(parseRetryAfter("Sat, 28 Nov 2026 04:00:30 GMT", NOW)).toBe(30_000);
  });

  it("caps a very long Retry-After at maxRetryAfterMs", () => {
    expect(decide({ kind: "http-error", status: 503, retryAfter: "86400" }, 1, policy, NOW, () => 0)).toEqual({ kind: "retry", delayMs: 60_000 });
  });

  it("ignores an unreadable Retry-After and backs off instead", () => {
    expect(decide({ kind: "http-error", status: 503, retryAfter: "soon" }, 1, policy, NOW, () => 0.5)).toEqual({ kind: "retry", delayMs: 500 });
  });

  it("a local error that cannot fix itself is permanent", () => {
    expect(decide({ kind: "local-error", code: "E_NO_SIGNING_KEY", retryable: false }, 1, policy, NOW, Math.random)).toEqual({ kind: "dead", reason: "permanent" });
  });
});
