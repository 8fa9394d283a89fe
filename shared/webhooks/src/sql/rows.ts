import type { AttemptRecord, DeadLetter, Subscription } from "../ports.ts";
import type { OutcomeEventType } from "../event-types.ts";

// Row <-> port shape mappings of the SQL stores. Timestamps come back as ISO text with microseconds
// (shared/db type parsers); ports carry millisecond ISO strings like the in-memory stores.

/** ISO 8601 with milliseconds, from a timestamptz read as text (or null). */
export const iso = (v: unknown): string => new Date(String(v)).toISOString();
export const isoOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : iso(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

export type SubscriptionRow = {
  id: string; target: "mygdx" | "hospital"; hospital_code: string | null; url: string; event_types: string[];
  auth_kind: "none" | "oidc-mtls"; credentials_id: string | null; signing_key_ids: string[]; status: "active" | "disabled";
  disabled_reason: string | null; created_at: string; updated_at: string;
};

export function toSubscription(r: SubscriptionRow): Subscription {
  return {
    id: r.id, target: r.target, hospitalCode: r.hospital_code, url: r.url, eventTypes: r.event_types as OutcomeEventType[],
    auth: r.auth_kind === "none" ? { kind: "none" } : { kind: "oidc-mtls", credentialsId: r.credentials_id ?? "" },
    signingKeyIds: r.signing_key_ids, status: r.status, disabledReason: r.disabled_reason, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
  };
}

export type AttemptRow = {
  webhook_id: string; attempt: number; subscription_id: string; event_id: string; started_at: string; duration_ms: number;
  outcome: "delivered" | "failed"; http_status: number | null; error_code: string | null; error_message: string | null; next_delay_ms: number | null; replay: boolean;
};

export function toAttempt(r: AttemptRow): AttemptRecord {
  return {
    webhookId: r.webhook_id, attempt: Number(r.attempt), subscriptionId: r.subscription_id, eventId: r.event_id, startedAt: iso(r.started_at),
    durationMs: Number(r.duration_ms), outcome: r.outcome, httpStatus: numOrNull(r.http_status), errorCode: r.error_code, errorMessage: r.error_message,
    nextDelayMs: numOrNull(r.next_delay_ms), replay: r.replay,
  };
}

export type DeadLetterRow = {
  webhook_id: string; subscription_id: string; event_id: string; event_type: string; hospital_code: string | null; body: string;
  reason: DeadLetter["reason"]; attempts: number; last_http_status: number | null; last_error_code: string | null; dead_at: string;
  status: DeadLetter["status"]; replayed_at: string | null;
};

export function toDeadLetter(r: DeadLetterRow): DeadLetter {
  return {
    webhookId: r.webhook_id, subscriptionId: r.subscription_id, eventId: r.event_id, eventType: r.event_type, hospitalCode: r.hospital_code, body: r.body,
    reason: r.reason, attempts: Number(r.attempts), lastHttpStatus: numOrNull(r.last_http_status), lastErrorCode: r.last_error_code,
    deadAt: iso(r.dead_at), status: r.status, replayedAt: isoOrNull(r.replayed_at),
  };
}

/** The hospital a caller is limited to (null: an operator sees everything). */
export const scopeOf = (caller: { role: "operator" } | { role: "hospital"; hospitalCode: string }): string | null =>
  caller.role === "operator" ? null : caller.hospitalCode;
