/** A token refused, with a code: jose's (`ERR_JWT_EXPIRED`...) or ours (`ERR_JWT_IAT_FUTURE`, `E_OIDC_DISCOVERY`). */
export class AuthError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

/** What the verifier knew when it refused a token: the issuer and audience it expects, and what jose said. */
export type RefusalContext = { issuer: string; audience: string; error: unknown };

const NEW_TOKEN = "get a new token from the issuer (with `casemix start`, use a token it printed at this start)";

/**
 * Why a token was refused and what to do, in words a person acts on: "signature verification failed"
 * alone left people stuck after restarting `casemix start`, whose development key is new at every start
 * (issue 18). Keyed by jose's error codes; the technical message stays at the end for support.
 */
export function explainRefusal(code: string, { issuer, audience, error }: RefusalContext): string {
  const detail = error instanceof Error ? error.message : String(error);
  const e = error as { payload?: { exp?: unknown }; claim?: string };
  switch (code) {
    case "ERR_JWT_EXPIRED": {
      const exp = typeof e.payload?.exp === "number" ? ` at ${new Date(e.payload.exp * 1000).toISOString()}` : "";
      return `token rejected: it expired${exp}; ${NEW_TOKEN}`;
    }
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
    case "ERR_JWKS_NO_MATCHING_KEY":
      return `token rejected: it was not signed by a current key of ${issuer} (a token of another issuer, or of an earlier \`casemix start\`, whose key is new at every start); ${NEW_TOKEN} (${detail})`;
    case "ERR_JWT_CLAIM_VALIDATION_FAILED": {
      const expected = e.claim === "iss" ? ` (expected issuer ${issuer})` : e.claim === "aud" ? ` (expected audience ${audience})` : "";
      return `token rejected: its "${e.claim ?? "?"}" claim is wrong or missing${expected}; get a token issued by ${issuer} for audience ${audience} (${detail})`;
    }
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
    case "ERR_JOSE_NOT_SUPPORTED":
      return `token rejected: it is not a signed JWT this service accepts; send the access token itself after "Bearer " (not an ID token, not in quotes) (${detail})`;
    default:
      return `token rejected: ${detail}`;
  }
}
