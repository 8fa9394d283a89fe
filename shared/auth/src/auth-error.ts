/** A token refused, with a code: jose's (`ERR_JWT_EXPIRED`...) or ours (`ERR_JWT_IAT_FUTURE`, `E_OIDC_DISCOVERY`). */
export class AuthError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}
