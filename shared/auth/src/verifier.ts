import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from "jose";
import { AuthError, explainRefusal } from "./auth-error.ts";
import { discoverJwksUrl } from "./discovery.ts";

/** Who is calling, as the token says. */
export type Principal = {
  subject: string;
  roles: string[];
  /** Set for hospital users: they may only act on their own hospital's claims. */
  hospital?: string;
};

export type VerifierOptions = {
  issuer: string;
  audience: string;
  /**
   * The issuer's JWKS. Without it, the `jwks_uri` of the issuer's OIDC discovery document
   * (`<issuer>/.well-known/openid-configuration`), fetched at the first token.
   */
  jwksUrl?: string;
  /** Dotted path of the claim holding the roles (array or space-separated string): `roles`, Keycloak's `realm_access.roles`. */
  rolesClaim?: string;
  /** Dotted path of the claim holding the hospital code. */
  hospitalClaim?: string;
  /** Tolerated clock skew in seconds, for `exp`, `nbf` and an `iat` in the future. */
  clockToleranceSeconds?: number;
  /** A key set given directly (tests); otherwise fetched from jwksUrl and cached by jose. */
  keys?: JWTVerifyGetKey;
  /** For discovery; defaults to the global fetch. */
  fetch?: typeof fetch;
};

export type TokenVerifier = (token: string) => Promise<Principal>;

export { AuthError };

/** The value at a dotted path (`realm_access.roles`) of a token's claims. */
export function claimAt(payload: JWTPayload, path: string): unknown {
  let value: unknown = payload;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object" || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Verifies OIDC access tokens (JWTs) against the issuer's JWKS: signature, issuer, audience, expiry,
 * and an issue time (`iat`) no later than now plus the clock tolerance: a token minted by a clock
 * running ahead would otherwise outlive its stated lifetime.
 *
 * @example
 * const verify = createTokenVerifier({ issuer: "https://id.moh.gov.my/realms/casemix", audience: "casemix", rolesClaim: "realm_access.roles" });
 * const who = await verify(bearerToken); // { subject, roles: ["hospital-coder"], hospital: "H001" }
 */
export function createTokenVerifier({
  issuer,
  audience,
  jwksUrl,
  rolesClaim = "roles",
  hospitalClaim = "hospital",
  clockToleranceSeconds = 30,
  keys,
  fetch: fetchImpl = fetch,
}: VerifierOptions): TokenVerifier {
  const keySet = keys ?? (jwksUrl ? createRemoteJWKSet(new URL(jwksUrl)) : discoveredKeySet(issuer, fetchImpl));
  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keySet, { issuer, audience, clockTolerance: clockToleranceSeconds, requiredClaims: ["exp", "sub", "iat"] }));
    } catch (error) {
      if (error instanceof AuthError) throw error;
      const code = (error as { code?: string }).code ?? "ERR_JWT_INVALID";
      throw new AuthError(code, explainRefusal(code, { issuer, audience: String(audience), error }));
    }
    // jose checks `iat` only against a maximum token age; a future one is refused here.
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.iat !== "number" || payload.iat > now + clockToleranceSeconds) {
      throw new AuthError(
        "ERR_JWT_IAT_FUTURE",
        `token rejected: issued in the future (beyond the ${clockToleranceSeconds} s clock tolerance); the issuer's clock or this server's is wrong: set both by NTP, then get a new token`,
      );
    }
    const raw = claimAt(payload, rolesClaim);
    const roles = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(" ").filter(Boolean) : [];
    const hospital = claimAt(payload, hospitalClaim);
    return { subject: String(payload.sub), roles, ...(typeof hospital === "string" ? { hospital } : {}) };
  };
}

/**
 * A key set whose JWKS URL comes from the issuer's discovery document. A failed discovery is not
 * remembered: the next token tries again (the identity provider may have been starting).
 */
function discoveredKeySet(issuer: string, fetchImpl: typeof fetch): JWTVerifyGetKey {
  let keySet: Promise<JWTVerifyGetKey> | undefined;
  return async (header, input) => {
    keySet ??= discoverJwksUrl(issuer, fetchImpl).then((url) => createRemoteJWKSet(url));
    const pending = keySet;
    try {
      return await (await pending)(header, input);
    } catch (error) {
      if (error instanceof AuthError && error.code === "E_OIDC_DISCOVERY" && keySet === pending) keySet = undefined;
      throw error;
    }
  };
}
