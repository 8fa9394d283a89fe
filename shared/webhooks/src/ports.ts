import type { Result } from "./errors.ts";
import type { OutcomeEventType } from "./event-types.ts";

// Ports of the notify core. The in-memory implementations (memory-stores.ts) serve tests and the
// embedded mode; the SQL ones come later. Every shape is flat so it maps to one table row:
//   webhook_subscriptions(id, target, hospital_code, url, event_types text[], auth_kind,
//     credentials_id, signing_key_ids text[], status, disabled_reason, created_at, updated_at)
//   webhook_attempts(webhook_id, attempt, subscription_id, event_id, started_at, duration_ms,
//     outcome, http_status, error_code, error_message, next_delay_ms, replay)  PK (webhook_id, attempt)
//   webhook_dead_letters(webhook_id PK, subscription_id, event_id, event_type, hospital_code, body,
//     reason, attempts, last_http_status, last_error_code, dead_at, status, replayed_at)

/** Who is asking. A hospital sees and manages only its own subscriptions and dead letters. */
export type Caller = { role: "operator" } | { role: "hospital"; hospitalCode: string };

/** How notify authenticates to a target. Secrets are not here: `credentialsId` names a configured client. */
export type SubscriptionAuth = { kind: "none" } | { kind: "oidc-mtls"; credentialsId: string };

/** A webhook subscription. */
export type Subscription = {
  id: string;
  target: "mygdx" | "hospital";
  /** Required for hospital targets: the hospital whose events it receives. */
  hospitalCode: string | null;
  url: string;
  eventTypes: OutcomeEventType[];
  auth: SubscriptionAuth;
  /** Keys that sign its deliveries; several during a rotation. */
  signingKeyIds: string[];
  status: "active" | "disabled";
  disabledReason: string | null;
  createdAt: string;
  updatedAt: string;
};

/** What a caller supplies to create a subscription. */
export type SubscriptionInput = Pick<Subscription, "target" | "hospitalCode" | "url" | "eventTypes" | "auth" | "signingKeyIds">;

/** Subscriptions, scoped by caller. Not-visible and not-existing look the same (E_SUBSCRIPTION_NOT_FOUND). */
export interface SubscriptionStore {
  create(caller: Caller, input: SubscriptionInput): Promise<Result<Subscription>>;
  get(caller: Caller, id: string): Promise<Result<Subscription>>;
  list(caller: Caller): Promise<Subscription[]>;
  update(caller: Caller, id: string, patch: Partial<SubscriptionInput>): Promise<Result<Subscription>>;
  remove(caller: Caller, id: string): Promise<Result<void>>;
  /** System action (a 410 from the target): stops deliveries until an operator re-enables it. */
  disable(id: string, reason: string): Promise<void>;
  enable(caller: Caller, id: string): Promise<Result<Subscription>>;
  /** Active subscriptions for an event: MyGDX ones by type; hospital ones by type and hospital. */
  matching(eventType: string, hospitalCode: string | undefined): Promise<Subscription[]>;
}

/** One delivery: one event to one subscription. Its body never changes between attempts. */
export type Delivery = {
  webhookId: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The hospital that owns the subscription (null for MyGDX): who may see this delivery. */
  hospitalCode: string | null;
  body: string;
};

/** One HTTP attempt, successful or not. */
export type AttemptRecord = {
  webhookId: string;
  subscriptionId: string;
  eventId: string;
  /** 1-based, counting across replays. */
  attempt: number;
  startedAt: string;
  durationMs: number;
  outcome: "delivered" | "failed";
  httpStatus: number | null;
  /** e.g. `HTTP_503`, `ECONNREFUSED`, `ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED`, `E_OIDC_TOKEN`. */
  errorCode: string | null;
  errorMessage: string | null;
  /** Delay before the next attempt, when one follows. */
  nextDelayMs: number | null;
  replay: boolean;
};

/** Every attempt, append-only. */
export interface AttemptLog {
  record(attempt: AttemptRecord): Promise<void>;
  list(webhookId: string): Promise<AttemptRecord[]>;
  /** Whether some attempt of this delivery succeeded (a redelivered event is then not sent again). */
  hasDelivered(webhookId: string): Promise<boolean>;
}

/** A delivery that will not be retried automatically. */
export type DeadLetter = Delivery & {
  reason: "exhausted" | "permanent" | "gone";
  attempts: number;
  lastHttpStatus: number | null;
  lastErrorCode: string | null;
  deadAt: string;
  status: "dead" | "replayed";
  replayedAt: string | null;
};

/** Dead letters an operator (or a hospital, its own) can list and replay. */
export interface DeadLetterStore {
  /** Inserts or replaces the entry of this webhook id. */
  put(entry: DeadLetter): Promise<void>;
  list(caller: Caller, filter?: { subscriptionId?: string; status?: DeadLetter["status"] }): Promise<DeadLetter[]>;
  get(caller: Caller, webhookId: string): Promise<Result<DeadLetter>>;
  markReplayed(webhookId: string, at: string): Promise<void>;
}
