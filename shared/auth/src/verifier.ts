import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from "jose";

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
  /** The issuer's JWKS; defaults to `<issuer>/.well-known/jwks.json`. */
  jwksUrl?: string;
  /** Claim holding the roles (array or space-separated string). */
  rolesClaim?: string;
  /** Claim holding the hospital code. */
  hospitalClaim?: string;
  /** Tolerated clock skew in seconds. */
  clockToleranceSeconds?: number;
  /** A key set given directly (tests); otherwise fetched from jwksUrl and cached by jose. */
  keys?: JWTVerifyGetKey;
};

export type TokenVerifier = (token: string) => Promise<Principal>;

export class AuthError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/**
 * Verifies OIDC access tokens (JWTs) against the issuer's JWKS: signature, issuer, audience, expiry.
 *
 * @example
 * const verify = createTokenVerifier({ issuer: "https://id.moh.gov.my", audience: "casemix" });
 * const who = await verify(bearerToken); // { subject, roles: ["hospital"], hospital: "H001" }
 */
export function createTokenVerifier({
  issuer,
  audience,
  jwksUrl,
  rolesClaim = "roles",
  hospitalClaim = "hospital",
  clockToleranceSeconds = 30,
  keys,
}: VerifierOptions): TokenVerifier {
  const keySet = keys ?? createRemoteJWKSet(new URL(jwksUrl ?? `${issuer.replace(/\/$/, "")}/.well-known/jwks.json`));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keySet, { issuer, audience, clockTolerance: clockToleranceSeconds, requiredClaims: ["exp", "sub"] });
      const raw = payload[rolesClaim];
      const roles = Array.isArray(raw) ? raw.map(String) : typeof raw === "string" ? raw.split(" ").filter(Boolean) : [];
      const hospital = payload[hospitalClaim];
      return { subject: String(payload.sub), roles, ...(typeof hospital === "string" ? { hospital } : {}) };
    } catch (error) {
      const code = (error as { code?: string }).code ?? "ERR_JWT_INVALID";
      throw new AuthError(code, `token rejected: ${(error as Error).message}`);
    }
  };
}
