import { exportJWK, type JWK } from "jose";
import { WebhookConfigError, webhookError } from "./errors.ts";
import { parseSecret, type KeyMaterial } from "./keys.ts";

/**
 * A signing key's lifecycle: `pending` (added, not signing yet) -> `active` (signs, in the JWKS)
 * -> `retired` (signs and stays in the JWKS until its overlap ends, so receivers that cached the
 * JWKS keep verifying) ; `revoked` stops at once from any state and its secret is erased.
 */
export type KeyStatus = "pending" | "active" | "retired" | "revoked";

/** A signing key as added: the secret stays inside the keyring, never in a subscription. */
export type SigningKeyRecord = {
  /** Stable id, referenced by subscriptions (`signingKeyIds`), e.g. `key_2026_11`. */
  id: string;
  /** `whsec_...` (HMAC-SHA256, signature `v1`) or `whsk_...` (Ed25519, signature `v1a`). */
  secret: string;
  /** `pending` (default) or `active` at once. */
  status?: "pending" | "active";
};

/** A key ready to sign with. */
export type SigningKey = { id: string; material: KeyMaterial };

/** What signing a subscription's delivery takes: the keys that sign, and the ones that should but cannot. */
export type SigningPlan = { keys: SigningKey[]; unavailable: string[] };

/** Public facts about a key, safe to list. `retiring`: retired, still signing until `overlapUntil`. */
export type SigningKeyInfo = {
  id: string;
  kind: KeyMaterial["kind"];
  status: KeyStatus | "retiring";
  overlapUntil: string | null;
};

/** A JWKS document (RFC 7517) of the Ed25519 public keys receivers use to verify `v1a` signatures. */
export type JwksDocument = { keys: JWK[] };

/**
 * The signing keys. Rotation: add a key and activate it, put its id on the subscriptions next to the
 * old one (both sign), then retire the old key with an overlap: it keeps signing and stays in the
 * JWKS until the overlap ends, so a receiver verifying with a cached JWKS never sees a gap.
 */
export interface Keyring {
  /** The keys among `ids` that sign now (active, or retired within their overlap), in the order given. */
  signingKeys(ids: readonly string[]): Promise<SigningKey[]>;
  /** {@link signingKeys}, plus the ids that should sign but whose secret is not usable here. */
  signingPlan(ids: readonly string[]): Promise<SigningPlan>;
  /** Adds a key (E_KEY_EXISTS if the id is taken). */
  add(record: SigningKeyRecord): Promise<void>;
  activate(id: string): Promise<void>;
  /** Stops signing after `overlapMs` (default 0: at once); until then it signs and is published. */
  retire(id: string, options?: { overlapMs?: number }): Promise<void>;
  /** Stops signing at once and forgets the secret. */
  revoke(id: string): Promise<void>;
  list(): Promise<SigningKeyInfo[]>;
  /** Ed25519 public keys that sign now, as a JWKS, for `GET /.well-known/webhooks/jwks.json`. */
  jwks(): Promise<JwksDocument>;
}

/** Label of the development master key that seals signing keys on the embedded default (notify and the CLI share it). */
export const DEV_WEBHOOK_MASTER_KEY_LABEL = "webhook-signing-keys";

/** The transitions {@link Keyring} allows: from which states each verb moves a key. */
export const KEY_TRANSITIONS = {
  activate: ["pending"],
  retire: ["active"],
  revoke: ["pending", "active", "retired"],
} as const satisfies Record<string, readonly KeyStatus[]>;

/** Whether a key in `status` with `overlapUntil` signs at `now`. */
export function keySigns(status: KeyStatus, overlapUntil: number | null, now: number): boolean {
  return status === "active" || (status === "retired" && overlapUntil !== null && now < overlapUntil);
}

export const transitionError = (id: string, verb: keyof typeof KEY_TRANSITIONS, status: string | undefined) =>
  status === undefined
    ? new WebhookConfigError(webhookError("E_KEY_UNKNOWN", `no signing key ${id}`))
    : new WebhookConfigError(webhookError("E_KEY_STATE", `signing key ${id} is ${status}; only a ${KEY_TRANSITIONS[verb].join(" or ")} key can be ${verb === "activate" ? "activated" : verb === "retire" ? "retired" : "revoked"}`));

/**
 * An in-memory keyring (tests, benchmarks, library users without a database).
 *
 * @example
 * const keyring = createMemoryKeyring([{ id: "key_a", secret: generateHmacSecret(), status: "active" }]);
 */
export function createMemoryKeyring(initial: readonly SigningKeyRecord[] = [], options: { now?: () => number } = {}): Keyring {
  const now = options.now ?? Date.now;
  type Entry = { status: KeyStatus; overlapUntil: number | null; material: KeyMaterial | undefined; kind: KeyMaterial["kind"] };
  const keys = new Map<string, Entry>();
  const put = (record: SigningKeyRecord) => {
    const parsed = parseSecret(record.secret);
    if (!parsed.ok) throw new WebhookConfigError({ ...parsed.error, message: `key ${record.id}: ${parsed.error.message}` });
    if (keys.has(record.id)) throw new WebhookConfigError(webhookError("E_KEY_EXISTS", `signing key ${record.id} already exists`));
    keys.set(record.id, { status: record.status ?? "pending", overlapUntil: null, material: parsed.value, kind: parsed.value.kind });
  };
  initial.forEach(put);
  const move = (id: string, verb: keyof typeof KEY_TRANSITIONS, apply: (e: Entry) => void) => {
    const entry = keys.get(id);
    if (!entry || !(KEY_TRANSITIONS[verb] as readonly KeyStatus[]).includes(entry.status)) throw transitionError(id, verb, entry?.status);
    apply(entry);
  };
  const signing = (e: Entry) => keySigns(e.status, e.overlapUntil, now());
  const plan = (ids: readonly string[]): SigningPlan => {
    const out: SigningPlan = { keys: [], unavailable: [] };
    for (const id of ids) {
      const e = keys.get(id);
      if (!e || !signing(e)) continue;
      if (e.material) out.keys.push({ id, material: e.material });
      else out.unavailable.push(id);
    }
    return out;
  };
  return {
    async signingKeys(ids) {
      return plan(ids).keys;
    },
    async signingPlan(ids) {
      return plan(ids);
    },
    async add(record) {
      put(record);
    },
    async activate(id) {
      move(id, "activate", (e) => (e.status = "active"));
    },
    async retire(id, o = {}) {
      move(id, "retire", (e) => ((e.status = "retired"), (e.overlapUntil = now() + (o.overlapMs ?? 0))));
    },
    async revoke(id) {
      move(id, "revoke", (e) => ((e.status = "revoked"), (e.material = undefined), (e.overlapUntil = null)));
    },
    async list() {
      return [...keys].map(([id, e]) => ({
        id, kind: e.kind, status: e.status === "retired" && signing(e) ? "retiring" : e.status,
        overlapUntil: e.overlapUntil === null ? null : new Date(e.overlapUntil).toISOString(),
      }));
    },
    async jwks() {
      const out: JWK[] = [];
      for (const [id, e] of keys) {
        if (!signing(e) || e.material?.kind !== "ed25519") continue;
        out.push({ ...(await exportJWK(e.material.publicKey)), kid: id, alg: "EdDSA", use: "sig" });
      }
      return { keys: out };
    },
  };
}
