/**
 * Errors are values with codes (CONVENTIONS.md 8). `retryable` tells the delivery loop whether
 * another attempt can succeed without someone changing something first.
 */
export type WebhookErrorCode =
  | "E_KEY_FORMAT"
  | "E_KEY_UNKNOWN"
  | "E_NO_SIGNING_KEY"
  | "E_KEY_EXISTS"
  | "E_KEY_STATE"
  | "E_SIGNING_KEY_UNAVAILABLE"
  | "E_SIGNATURE_HEADERS_MISSING"
  | "E_SIGNATURE_TIMESTAMP_INVALID"
  | "E_SIGNATURE_TIMESTAMP_OUT_OF_TOLERANCE"
  | "E_SIGNATURE_MISMATCH"
  | "E_PAYLOAD_INVALID"
  | "E_EVENT_TYPE_UNSUPPORTED"
  | "E_OIDC_DISCOVERY"
  | "E_OIDC_TOKEN"
  | "E_CREDENTIALS_UNKNOWN"
  | "E_SUBSCRIPTION_INVALID"
  | "E_SUBSCRIPTION_NOT_FOUND"
  | "E_FORBIDDEN"
  | "E_DEAD_LETTER_NOT_FOUND"
  | "E_DEAD_LETTER_REPLAYED"
  | "E_REPLAY_PENDING";

/** A failure as plain data: a stable code, a sentence for a person, and whether to try again. */
export type WebhookError = {
  code: WebhookErrorCode;
  message: string;
  retryable: boolean;
  /** The underlying error code (e.g. an OpenSSL or errno code), when there is one. */
  cause?: string;
};

/** A result as a value: either `{ ok: true, value }` or `{ ok: false, error }`. */
export type Result<T, E = WebhookError> = { ok: true; value: T } | { ok: false; error: E };

/** Builds a {@link WebhookError}. */
export function webhookError(code: WebhookErrorCode, message: string, retryable = false, cause?: string): WebhookError {
  return cause === undefined ? { code, message, retryable } : { code, message, retryable, cause };
}

/** Thrown only across APIs that cannot return a Result (e.g. constructors given bad config). */
export class WebhookConfigError extends Error {
  readonly code: WebhookErrorCode;
  constructor(error: WebhookError) {
    super(`${error.code}: ${error.message}`);
    this.code = error.code;
    this.name = "WebhookConfigError";
  }
}
