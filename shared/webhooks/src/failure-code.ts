import type { DeliveryOutcome } from "./deliverer.ts";

/** The stable codes of a failed notification (`notification.failed` events: `^E_[A-Z0-9_]+$`). */
export type NotificationFailureCode =
  | "E_WEBHOOK_GONE"
  | "E_WEBHOOK_TLS"
  | "E_WEBHOOK_TIMEOUT"
  | "E_WEBHOOK_UNREACHABLE"
  | "E_WEBHOOK_AUTH"
  | "E_WEBHOOK_CONFIG"
  | "E_WEBHOOK_REJECTED"
  | "E_WEBHOOK_HTTP_ERROR";

const TLS = /^(ERR_SSL_|ERR_TLS_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_TLS_CERT_ALTNAME)/;
const UNREACHABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "EPIPE"]);

/**
 * Sorts a dead delivery's last error into one stable code for the `notification.failed` event and
 * for alerting; the precise code (e.g. `ERR_SSL_TLSV1_ALERT_UNKNOWN_CA`) stays in the attempt log.
 */
export function notificationFailureCode(outcome: Extract<DeliveryOutcome, { status: "dead" }>): NotificationFailureCode {
  const code = outcome.lastErrorCode ?? "";
  if (outcome.reason === "gone") return "E_WEBHOOK_GONE";
  if (TLS.test(code)) return "E_WEBHOOK_TLS";
  if (code === "ETIMEDOUT" || code === "HTTP_408") return "E_WEBHOOK_TIMEOUT";
  if (UNREACHABLE.has(code)) return "E_WEBHOOK_UNREACHABLE";
  if (code.startsWith("E_OIDC_") || code === "HTTP_401" || code === "HTTP_403") return "E_WEBHOOK_AUTH";
  if (code === "E_NO_SIGNING_KEY" || code === "E_SIGNING_KEY_UNAVAILABLE" || code === "E_CREDENTIALS_UNKNOWN") return "E_WEBHOOK_CONFIG";
  return outcome.reason === "permanent" ? "E_WEBHOOK_REJECTED" : "E_WEBHOOK_HTTP_ERROR";
}
