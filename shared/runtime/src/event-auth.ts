import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from "jose";

/** The sender of an accepted event: the token's `sub` (a Knative OIDC identity, or a mesh identity). */
export type EventSender = { sender: string };

export type EventAuthRefusal = { status: 401 | 403; error: { code: string; message: string } };

/**
 * Checks the bearer token of an event delivery. Answers the sender, or a refusal: 401 when the token is
 * missing, unsigned, forged, expired, from another issuer or for another audience; 403 when it is valid
 * but its sender is not one this ingress accepts (the EventPolicy's `from`).
 */
export type EventAuthenticator = (authorization: string | undefined) => Promise<EventSender | EventAuthRefusal>;

export type EventAuthOptions = {
  issuer: string;
  /** The audience this ingress requires (`eventAudience(fn)`, or the local broker's). */
  audience: string;
  /** Accepted `sub` values; a trailing `*` matches any suffix, as an EventPolicy's `sub` does. */
  senders: readonly string[];
  /** The issuer's keys: a key set given directly (the local mesh) or fetched (a JWKS URL, on Knative). */
  keys: JWTVerifyGetKey;
  /** Tolerated clock skew; Kubernetes service-account tokens are checked the same way by the API server. */
  clockToleranceSeconds?: number;
};

const refuse = (status: 401 | 403, code: string, message: string): EventAuthRefusal => ({ status, error: { code, message } });

export function isRefusal(result: EventSender | EventAuthRefusal): result is EventAuthRefusal {
  return "status" in result;
}

/**
 * Verifies event tokens: signature against the issuer's keys, issuer, audience, expiry (`exp` required),
 * then the sender. The token itself is never echoed in an answer or a log.
 *
 * @example
 * const authenticate = createEventAuthenticator({ issuer, audience: eventAudience("price"), senders: [meshIdentities.broker], keys });
 * const who = await authenticate(req.headers.get("authorization") ?? undefined);
 */
export function createEventAuthenticator({ issuer, audience, senders, keys, clockToleranceSeconds = 30 }: EventAuthOptions): EventAuthenticator {
  return async (authorization) => {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
    if (!match) return refuse(401, "E_EVENT_TOKEN_MISSING", "an event delivery needs a bearer token (Authorization: Bearer <jwt>)");
    let sub: string;
    try {
      const { payload } = await jwtVerify(match[1]!, keys, { issuer, audience, clockTolerance: clockToleranceSeconds, requiredClaims: ["exp", "sub"] });
      sub = String(payload.sub);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ERR_JWT_EXPIRED") return refuse(401, "E_EVENT_TOKEN_EXPIRED", "the event token has expired");
      const claim = (error as { claim?: string }).claim;
      if (claim === "aud") return refuse(401, "E_EVENT_TOKEN_AUDIENCE", `the event token is not for this receiver (audience ${audience} required)`);
      return refuse(401, "E_EVENT_TOKEN_INVALID", `the event token was refused (${code ?? "invalid"})`);
    }
    if (!senders.some((pattern) => matchesSender(pattern, sub))) {
      return refuse(403, "E_EVENT_SENDER_FORBIDDEN", "the sender of this event may not send to this receiver");
    }
    return { sender: sub };
  };
}

/** Fail closed: an ingress with no event-token settings refuses every event. */
export function refuseAllEvents(reason: string): EventAuthenticator {
  return async () => refuse(401, "E_EVENT_AUTH_NOT_CONFIGURED", reason);
}

/** EventPolicy `sub` semantics: exact, or a trailing `*` for any suffix. */
export function matchesSender(pattern: string, sub: string): boolean {
  return pattern.endsWith("*") ? sub.startsWith(pattern.slice(0, -1)) : pattern === sub;
}

/** The mesh's key set, given as JWKS JSON (`EVENT_JWKS`). */
export function createLocalEventKeys(jwks: JSONWebKeySet): JWTVerifyGetKey {
  return createLocalJWKSet(jwks);
}

/** The cluster's service-account issuer keys, fetched from its JWKS URL and cached by jose (`EVENT_JWKS_URL`). */
export function createRemoteEventKeys(jwksUrl: string): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(jwksUrl));
}

export type EventIngressSettings = {
  EVENT_ISSUER?: string;
  EVENT_AUDIENCE?: string;
  EVENT_JWKS?: { keys: Record<string, unknown>[] };
  EVENT_JWKS_URL?: string;
  EVENT_SENDERS?: string[];
};

/**
 * The authenticator of a function's event ingress from its env; without issuer, keys and senders it
 * refuses everything (there is no unauthenticated mode), and `configured` says so for the start log.
 */
export function eventAuthenticatorFromEnv(env: EventIngressSettings, defaultAudience: string): { authenticate: EventAuthenticator; configured: boolean } {
  const keys = env.EVENT_JWKS ? createLocalEventKeys(env.EVENT_JWKS as JSONWebKeySet) : env.EVENT_JWKS_URL ? createRemoteEventKeys(env.EVENT_JWKS_URL) : undefined;
  if (!env.EVENT_ISSUER || !keys || !env.EVENT_SENDERS?.length) {
    return { authenticate: refuseAllEvents("this function's event ingress has no token settings (EVENT_ISSUER, EVENT_JWKS or EVENT_JWKS_URL, EVENT_SENDERS)"), configured: false };
  }
  const authenticate = createEventAuthenticator({ issuer: env.EVENT_ISSUER, audience: env.EVENT_AUDIENCE ?? defaultAudience, senders: env.EVENT_SENDERS, keys });
  return { authenticate, configured: true };
}
