import type { Keyring } from "./keyring.ts";
import type { HttpOutcome, HttpTransport } from "./http-transport.ts";
import type { Delivery, Subscription } from "./ports.ts";
import type { AttemptResult } from "./retry-policy.ts";
import { signWebhook } from "./signing.ts";
import type { Target } from "./targets.ts";

/** What one HTTP exchange came to, with the token it used (to invalidate it on a 401). */
export type SentAttempt = { result: AttemptResult; durationMs: number; message: string | null; token?: string };

/** Dependencies of {@link sendAttempt}. */
export type SendDeps = { keyring: Keyring; transport: HttpTransport; now: () => number; timeoutMs: number; userAgent: string };

/**
 * Signs and sends one attempt of a delivery. The timestamp is the attempt's own (receivers check it
 * against their clock); the id and body are the delivery's and never change.
 */
export async function sendAttempt(deps: SendDeps, sub: Subscription, target: Target, delivery: Delivery): Promise<SentAttempt> {
  const { keys, unavailable } = await deps.keyring.signingPlan(sub.signingKeyIds);
  // Never sent with fewer signatures than the subscription asks for: a receiver (MyGDX verifying
  // Ed25519 with the JWKS) would otherwise get a delivery it cannot verify, or one signed less
  // strongly than agreed, without anyone noticing.
  if (unavailable.length > 0) {
    return local("E_SIGNING_KEY_UNAVAILABLE", `signing key ${unavailable.join(", ")} should sign but its secret is not usable here; not sent unsigned`, false);
  }
  if (keys.length === 0) return local("E_NO_SIGNING_KEY", `none of ${sub.signingKeyIds.join(", ")} is an active signing key`, false);
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "user-agent": deps.userAgent,
    ...signWebhook({ webhookId: delivery.webhookId, timestamp: Math.floor(deps.now() / 1000), body: delivery.body, keys }),
  };
  let token: string | undefined;
  if (target.oidc) {
    const got = await target.oidc.getToken();
    if (!got.ok) return local(got.error.cause ?? got.error.code, got.error.message, got.error.retryable);
    token = got.value;
    headers.authorization = `Bearer ${token}`;
  }
  const out: HttpOutcome = await deps.transport({ method: "POST", url: sub.url, headers, body: delivery.body, agent: target.agent, timeoutMs: deps.timeoutMs });
  const withToken = token === undefined ? {} : { token };
  if (!out.ok) return { result: { kind: "transport-error", code: out.error.code }, durationMs: out.durationMs, message: out.error.message, ...withToken };
  const { status, headers: resHeaders, body } = out.response;
  if (status >= 200 && status < 300) return { result: { kind: "delivered", status }, durationMs: out.durationMs, message: null, ...withToken };
  return {
    result: { kind: "http-error", status, retryAfter: resHeaders["retry-after"] ?? null },
    durationMs: out.durationMs,
    message: [resHeaders["www-authenticate"], body.slice(0, 500)].filter(Boolean).join(" | ") || null,
    ...withToken,
  };
}

/**
 * Whether a 401 says the access token is expired or invalid (RFC 6750 3.1 `error="invalid_token"`,
 * or a bare 401 without a challenge), as opposed to some other refusal.
 */
export function isTokenRejection(sent: SentAttempt): boolean {
  if (sent.result.kind !== "http-error" || sent.result.status !== 401 || sent.token === undefined) return false;
  const challenge = sent.message ?? "";
  return /invalid_token/i.test(challenge) || !/error=/i.test(challenge);
}

/** The error code an attempt is recorded with. */
export function errorCodeOf(result: AttemptResult): string | null {
  switch (result.kind) {
    case "delivered":
      return null;
    case "http-error":
      return `HTTP_${result.status}`;
    default:
      return result.code;
  }
}

function local(code: string, message: string, retryable: boolean): SentAttempt {
  return { result: { kind: "local-error", code, retryable }, durationMs: 0, message };
}
